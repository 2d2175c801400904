"""Peer for bench/uplift-defaults.bench.mjs: scikit-learn two-model RandomForest(n_estimators=100, max_depth=8,
min_samples_leaf=20), the hand-tuned setting of issue 12. Usage: python3 sklearn-two-model-rf.py TRAIN.csv HOLDOUT.csv
OUTCOME OUT.csv. Features: every column but id, treatment and the outcome; categoricals one-hot. Writes id,uplift and
prints fit seconds as JSON."""
import json, sys, time
import numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

train_path, holdout_path, outcome, out_path = sys.argv[1:5]
train = pd.read_csv(train_path)
holdout = pd.read_csv(holdout_path)
features = [c for c in train.columns if c not in ("id", "treatment", outcome)]
both = pd.get_dummies(pd.concat([train[features], holdout[features]]), dtype=float)
X, Xh = both.values[: len(train)], both.values[len(train):]
y = train[outcome].values
t = (train.treatment != "control").values
binary = set(np.unique(y)) <= {0, 1}
def make():
    kw = dict(n_estimators=100, max_depth=8, min_samples_leaf=20, n_jobs=2, random_state=0)
    return RandomForestClassifier(**kw) if binary else RandomForestRegressor(**kw)
t0 = time.time()
m1, m0 = make().fit(X[t], y[t]), make().fit(X[~t], y[~t])
fit_s = time.time() - t0
pred = (lambda m: m.predict_proba(Xh)[:, 1]) if binary else (lambda m: m.predict(Xh))
pd.DataFrame({"id": holdout.id, "uplift": pred(m1) - pred(m0)}).to_csv(out_path, index=False)
print(json.dumps({"fitSeconds": fit_s}))
