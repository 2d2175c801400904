"""Peer for bench/uplift-hillstrom.bench.mjs: scikit-learn HistGradientBoosting two-model uplift on Hillstrom
for random_state 0..4 (its early-stopping split depends on it). Same data, split and Qini AUC as the peer
script ../shared/peers/sklearn_uplift_hillstrom.py, whose definitions it reuses. For each seed: the two-model
fit time (best of REPEATS, after one warm-up fit), the iterations kept (treated + control) and the Qini AUC.
Prints one JSON object. Usage: python3 sklearn-hgb-seeds.py <hillstrom.csv> [repeats]"""
import sys, time, json, importlib.util, io, contextlib
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_info

data = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
peer = data.replace("data/uplift/hillstrom.csv", "peers/sklearn_uplift_hillstrom.py")
spec = importlib.util.spec_from_file_location("peer", peer)
mod = importlib.util.module_from_spec(spec)
with contextlib.redirect_stdout(io.StringIO()):
    sys.argv = [peer, data]
    spec.loader.exec_module(mod)  # defines X, y, t, tr, te and qini_auc; its own prints are discarded

XT, yT = mod.X[mod.tr & (mod.t == 1)], mod.y[mod.tr & (mod.t == 1)]
XC, yC = mod.X[mod.tr & (mod.t == 0)], mod.y[mod.tr & (mod.t == 0)]
make = lambda seed: HistGradientBoostingClassifier(max_iter=100, max_depth=6, random_state=seed)
make(0).fit(XT, yT)  # warm-up (OpenMP pool, imports)
out = []
for seed in range(5):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        m1 = make(seed).fit(XT, yT)
        m0 = make(seed).fit(XC, yC)
        best = min(best, time.perf_counter() - t0)
    u = m1.predict_proba(mod.X[mod.te])[:, 1] - m0.predict_proba(mod.X[mod.te])[:, 1]
    out.append({"seed": seed, "seconds": best, "trees": f"{m1.n_iter_}+{m0.n_iter_}",
                "qini": float(mod.qini_auc(mod.y[mod.te], u, mod.t[mod.te]))})
openmp = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "openmp"]
print(json.dumps({"version": sklearn.__version__, "openmpThreads": openmp[0] if openmp else None, "seeds": out}))
