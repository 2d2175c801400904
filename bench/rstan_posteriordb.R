# Peer for bench/bayes-posteriordb.bench.mjs: rstan on one posteriordb posterior.
#   Rscript bench/rstan_posteriordb.R MODEL.stan DATA.json SEED OUT_DRAWS.csv
# Prints one JSON line (compile and sampling times, per-chain elapsed); writes the draws
# (chain-major, one column per parameter) so the bench computes ESS with liftwise's diagnostics.
suppressMessages(library(rstan))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
data <- fromJSON(args[2])
t0 <- Sys.time()
m <- stan_model(file = args[1])
t1 <- Sys.time()
f <- sampling(m, data = data, chains = 4, cores = 2, iter = 2000, warmup = 1000, seed = as.integer(args[3]), refresh = 0)
t2 <- Sys.time()
a <- as.array(f) # iterations x chains x parameters (lp__ last)
pars <- dimnames(a)[[3]]
pars <- pars[pars != "lp__"]
rows <- do.call(rbind, lapply(seq_len(dim(a)[2]), function(c) a[, c, pars, drop = FALSE][, 1, ]))
colnames(rows) <- pars
write.csv(rows, args[4], row.names = FALSE)
el <- get_elapsed_time(f)
sp <- get_sampler_params(f, inc_warmup = FALSE)
cat(toJSON(list(
  compile = as.numeric(t1 - t0, units = "secs"),
  sample = as.numeric(t2 - t1, units = "secs"),
  perChain = unname(rowSums(el)),
  leapfrogPerDraw = mean(unlist(lapply(sp, function(x) x[, "n_leapfrog__"]))),
  divergent = sum(unlist(lapply(sp, function(x) x[, "divergent__"])))
), auto_unbox = TRUE, digits = NA), "\n")
