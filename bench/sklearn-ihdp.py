"""scikit-learn T-learners on IHDP replications (the peer of bench/bart-ihdp.bench.mjs): one
regressor per arm, effect = f1(x) - f0(x), within-sample sqrt(PEHE) and |ATE error| against mu1 - mu0."""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor

models = {
    "sklearn T-learner RandomForest(100)": lambda: RandomForestRegressor(n_estimators=100, random_state=1, n_jobs=1),
    "sklearn T-learner HistGradientBoosting": lambda: HistGradientBoostingRegressor(random_state=1),
}
for path in sys.argv[1:]:
    d = np.loadtxt(path, delimiter=",")
    t, y, mu0, mu1, X = d[:, 0], d[:, 1], d[:, 3], d[:, 4], d[:, 5:]
    tau = mu1 - mu0
    for name, make in models.items():
        start = time.perf_counter()
        f0 = make().fit(X[t == 0], y[t == 0])
        f1 = make().fit(X[t == 1], y[t == 1])
        est = f1.predict(X) - f0.predict(X)
        seconds = time.perf_counter() - start
        pehe = float(np.sqrt(np.mean((est - tau) ** 2)))
        ate_err = float(abs(est.mean() - tau.mean()))
        print(json.dumps({"file": path, "method": name, "pehe": pehe, "ateErr": ate_err, "seconds": seconds}))
