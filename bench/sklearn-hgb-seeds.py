"""Peer check for bench/uplift-hillstrom.bench.mjs: scikit-learn HistGradientBoosting two-model Qini AUC
over random_state 0..4 (its early-stopping split depends on it), same data, split and Qini as the peer script."""
import sys, importlib.util, io, contextlib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

peer = sys.argv[1].replace("data/uplift/hillstrom.csv", "peers/sklearn_uplift_hillstrom.py")
spec = importlib.util.spec_from_file_location("peer", peer)
mod = importlib.util.module_from_spec(spec)
with contextlib.redirect_stdout(io.StringIO()):
    sys.argv = [peer, sys.argv[1]]
    spec.loader.exec_module(mod)  # defines X, y, t, tr, te and qini_auc; its own prints are discarded
scores = []
for seed in range(5):
    mk = lambda: HistGradientBoostingClassifier(max_iter=100, max_depth=6, random_state=seed)
    m1 = mk().fit(mod.X[mod.tr & (mod.t == 1)], mod.y[mod.tr & (mod.t == 1)])
    m0 = mk().fit(mod.X[mod.tr & (mod.t == 0)], mod.y[mod.tr & (mod.t == 0)])
    u = m1.predict_proba(mod.X[mod.te])[:, 1] - m0.predict_proba(mod.X[mod.te])[:, 1]
    scores.append(mod.qini_auc(mod.y[mod.te], u, mod.t[mod.te]))
print("sklearn hgb two-model Qini over random_state 0..4: " + ", ".join(f"{s:.4f}" for s in scores) + f" (mean {np.mean(scores):.4f})")
