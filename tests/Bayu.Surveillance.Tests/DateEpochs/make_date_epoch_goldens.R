## Golden outputs of R `surveillance` 1.20.3 on series with Date epochs (epochAsDate = TRUE), for
## Bayu's date-based reference weeks and glrpois with a known theta. The series are generated here
## (fixed seed), so they are not the shipped ../Golden ones.
##
## Usage (needs Debian r-cran-surveillance 1.20.3; the tests only read the files it writes):
##   Rscript make_date_epoch_goldens.R [OUT_DIR]      # default: the folder of this script
## Writes input_<dataset>.csv, golden_<dataset>.csv.gz (columns as ../Golden/golden_*.csv.gz, the
## dbg_* columns of the independent re-implementation left empty) and runs.csv.
suppressPackageStartupMessages(library(surveillance))
stopifnot(packageVersion("surveillance") == "1.20.3")

args <- commandArgs(trailingOnly = TRUE)
scriptDir <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))
outdir <- if (length(args) >= 1) args[1] else scriptDir
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20241205)

############################################################################
## 1. Series: weekly (Monday and Sunday weeks, 53-week ISO years 2015/2020) and daily (leap days
##    2020-02-29 and 2024-02-29), one of each with low counts so that limit54 fails often.
############################################################################
makeCounts <- function(n, freq, base, amp, size, outbreaks) {
  tt <- seq_len(n)
  lambda <- base * exp(amp * sin(2 * pi * tt / freq + 1)) * (1 + 0.0004 * tt)
  extra <- numeric(n)
  for (ob in outbreaks) {
    idx <- ob[1]:min(n, ob[1] + ob[2] - 1)
    extra[idx] <- extra[idx] + ob[3] * max(base, 1) * sin(pi * seq_along(idx) / (length(idx) + 1))
  }
  as.integer(rnbinom(n, mu = lambda + extra, size = size))
}

weeklyDates <- function(first, last) seq(as.Date(first), as.Date(last), by = "week")
dailyDates <- function(first, last) seq(as.Date(first), as.Date(last), by = "day")

datasets <- list()
d <- weeklyDates("2014-12-29", "2024-12-30")                       # Mondays, ISO 2015-W01 .. 2025-W01
datasets$weekly_monday <- list(dates = d, freq = 52, weekly = TRUE,
  y = makeCounts(length(d), 52, 8, 0.6, 6, list(c(300, 6, 3), c(470, 5, 4), c(505, 4, 3))))
d <- weeklyDates("2016-01-03", "2024-12-29")                       # Sundays (epidemiological weeks)
datasets$weekly_sunday_low <- list(dates = d, freq = 52, weekly = TRUE,
  y = makeCounts(length(d), 52, 0.8, 0.9, 3, list(c(380, 4, 3), c(440, 3, 4))))
d <- dailyDates("2018-12-01", "2024-12-31")
datasets$daily_leap <- list(dates = d, freq = 365, weekly = FALSE,
  y = makeCounts(length(d), 365, 4, 0.5, 8, list(c(1900, 10, 3), c(1915, 12, 4), c(2000, 8, 3))))
d <- dailyDates("2019-01-01", "2024-06-30")
datasets$daily_low <- list(dates = d, freq = 365, weekly = FALSE,
  y = makeCounts(length(d), 365, 0.35, 0.8, 2, list(c(1860, 6, 4), c(1950, 5, 5))))

for (name in names(datasets)) {
  ds <- datasets[[name]]
  year <- as.integer(format(ds$dates, if (ds$weekly) "%G" else "%Y"))
  epoch <- as.integer(format(ds$dates, if (ds$weekly) "%V" else "%j"))
  datasets[[name]]$start <- c(year[1], epoch[1])
  write.csv(data.frame(t = seq_along(ds$y), date = format(ds$dates), year = year, epoch_in_year = epoch,
                       count = ds$y, state = 0L),
            file.path(outdir, paste0("input_", name, ".csv")), row.names = FALSE, quote = FALSE)
}

tIndex <- function(ds, date) which(datasets[[ds]]$dates == as.Date(date))
lastWeeks <- function(ds, n) { len <- length(datasets[[ds]]$y); c(len - n + 1, len) }

############################################################################
## 2. Runs: farrington / farringtonFlexible with Date epochs (and some without, index-based, on the
##    same counts), glrpois with a known theta (value and cases) and the GLR with ret = "cases".
############################################################################
runs <- list()
addRun <- function(dataset, algorithm, variant, control, dateEpochs = TRUE) {
  runs[[length(runs) + 1]] <<- list(dataset = dataset, algorithm = algorithm, variant = variant,
                                    control = control, dateEpochs = dateEpochs)
}

for (ds in c("weekly_monday", "weekly_sunday_low")) {
  rng <- lastWeeks(ds, 104)
  addRun(ds, "farrington", "b3_w3_date", list(b = 3, w = 3, range = rng))
  addRun(ds, "farrington", "b5_w2_a0.01_notrend_sqrt_date",
         list(b = 5, w = 2, alpha = 0.01, trend = FALSE, powertrans = "1/2", range = rng))
  addRun(ds, "farrington", "b4_w3_noreweight_none_l32_date",
         list(b = 4, w = 3, reweight = FALSE, powertrans = "none", limit54 = c(3, 2), range = rng))
  addRun(ds, "farrington", "b3_w3_index", list(b = 3, w = 3, range = rng), dateEpochs = FALSE)
  addRun(ds, "farringtonFlexible", "b3_w3_p10_nbPlugin_date",
         list(b = 3, w = 3, noPeriods = 10, pastWeeksNotIncluded = 3, thresholdMethod = "nbPlugin", range = rng))
  addRun(ds, "farringtonFlexible", "b5_w3_defaults_date", list(b = 5, w = 3, range = rng))
  addRun(ds, "farringtonFlexible", "noufaily_muan_date",
         list(b = 5, w = 3, noPeriods = 10, pastWeeksNotIncluded = 26, pThresholdTrend = 1,
              thresholdMethod = "muan", range = rng))
  addRun(ds, "farringtonFlexible", "b4_w2_p4_past1_delta_date",
         list(b = 4, w = 2, noPeriods = 4, pastWeeksNotIncluded = 1, range = rng))
  addRun(ds, "farringtonFlexible", "b3_w3_past1_date",
         list(b = 3, w = 3, pastWeeksNotIncluded = 1, range = rng))
  addRun(ds, "farringtonFlexible", "b3_w3_past1_index",
         list(b = 3, w = 3, pastWeeksNotIncluded = 1, range = rng), dateEpochs = FALSE)
  addRun(ds, "farringtonFlexible", "b3_w3_p10_nbPlugin_index",
         list(b = 3, w = 3, noPeriods = 10, pastWeeksNotIncluded = 3, thresholdMethod = "nbPlugin", range = rng),
         dateEpochs = FALSE)
  addRun(ds, "glrpois", "theta_log1.2_cases", list(c.ARL = 5, theta = log(1.2), ret = "cases", range = rng))
  addRun(ds, "glrpois", "theta_log1.5_value_carl3", list(c.ARL = 3, theta = log(1.5), ret = "value", range = rng))
  addRun(ds, "glrpois", "glr_cases", list(c.ARL = 5, ret = "cases", range = rng))
}

dailyRanges <- list(daily_leap = c(tIndex("daily_leap", "2024-01-20"), tIndex("daily_leap", "2024-04-10")),
                    daily_low = c(tIndex("daily_low", "2024-02-01"), tIndex("daily_low", "2024-05-15")))
for (ds in names(dailyRanges)) {
  rng <- dailyRanges[[ds]]
  addRun(ds, "farrington", "b3_w7_date", list(b = 3, w = 7, range = rng))
  addRun(ds, "farrington", "b5_w3_a0.01_date", list(b = 5, w = 3, alpha = 0.01, range = rng))
  addRun(ds, "farrington", "b3_w7_index", list(b = 3, w = 7, range = rng), dateEpochs = FALSE)
  addRun(ds, "farringtonFlexible", "b3_w7_p10_nbPlugin_date",
         list(b = 3, w = 7, noPeriods = 10, pastWeeksNotIncluded = 7, thresholdMethod = "nbPlugin", range = rng))
  addRun(ds, "farringtonFlexible", "b5_w3_defaults_date", list(b = 5, w = 3, range = rng))
  addRun(ds, "farringtonFlexible", "b4_w2_p3_past10_muan_date",
         list(b = 4, w = 2, noPeriods = 3, pastWeeksNotIncluded = 10, thresholdMethod = "muan", range = rng))
  addRun(ds, "farringtonFlexible", "b3_w7_p10_nbPlugin_index",
         list(b = 3, w = 7, noPeriods = 10, pastWeeksNotIncluded = 7, thresholdMethod = "nbPlugin", range = rng),
         dateEpochs = FALSE)
  addRun(ds, "glrpois", "theta_log1.2_cases", list(c.ARL = 5, theta = log(1.2), ret = "cases", range = rng))
}

############################################################################
## 3. Run R and write the goldens
############################################################################
num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

## Bayu's params JSON: the control list as given, plus the keys Bayu needs to know (freq,
## referenceWeeks; mu0 documented as a string as in ../Golden/runs.csv).
toJson <- function(run, freq) {
  ctl <- run$control
  if (run$algorithm %in% c("farrington", "farringtonFlexible")) {
    ctl$referenceWeeks <- if (run$dateEpochs) "date-based" else "index-based"
  } else {
    ctl$mu0 <- "Poisson GLM log(mu)=a+b*cos(2*pi*t/freq)+c*sin(2*pi*t/freq) on t=1..range[1]-1"
  }
  ctl$freq <- freq
  value <- function(v) {
    if (is.character(v)) return(paste0("\"", v, "\""))
    if (is.logical(v)) return(tolower(as.character(v)))
    s <- sprintf("%.17g", v)
    if (length(v) > 1) paste0("[", paste(s, collapse = ","), "]") else s
  }
  fields <- vapply(names(ctl), function(k) paste0("\"", k, "\":", value(ctl[[k]])), "")
  paste0("{", paste(fields, collapse = ","), "}")
}

goldenHeader <- c("dataset", "algorithm", "variant", "params", "t", "date", "observed", "upperbound", "alarm",
                  "expected", "trend", "phi", "pvalue", "score", "mu0_quantile", "stat", "dbg_expected",
                  "dbg_upperbound_raw", "dbg_upperbound", "dbg_alarm", "dbg_phi", "dbg_phi_raw", "dbg_se_eta",
                  "dbg_trend", "dbg_n_ref", "dbg_degenerate", "dbg_sd", "dbg_stat", "dbg_upperbound_fullconv")
runRows <- list()
goldens <- list()
for (run in runs) {
  ds <- datasets[[run$dataset]]
  stsObj <- if (run$dateEpochs) {
    sts(observed = matrix(ds$y), start = ds$start, frequency = ds$freq, epoch = ds$dates)
  } else {
    sts(observed = matrix(ds$y), start = ds$start, frequency = ds$freq)
  }
  stopifnot(stsObj@epochAsDate == run$dateEpochs)
  rng <- run$control$range[1]:run$control$range[2]
  control <- run$control
  control$range <- rng
  started <- proc.time()[["elapsed"]]
  res <- suppressWarnings(suppressMessages(switch(run$algorithm,
    farrington = farrington(stsObj, control = control),
    farringtonFlexible = farringtonFlexible(stsObj, control = control),
    glrpois = glrpois(stsObj, control = control))))
  seconds <- proc.time()[["elapsed"]] - started
  n <- length(rng)
  na <- rep(NA_real_, n)
  expected <- trend <- phi <- pvalue <- score <- mu0q <- na
  if (run$algorithm == "farrington") {
    expected <- res@control$pd[, 2]
  } else if (run$algorithm == "farringtonFlexible") {
    expected <- as.vector(res@control$expected)
    trend <- as.vector(res@control$trend)
    phi <- as.vector(res@control$phiVector)
    pvalue <- as.vector(res@control$pvalue)
    score <- as.vector(res@control$score)
    mu0q <- as.vector(res@control$mu0Vector)
  } else {
    expected <- as.vector(res@control$mu0)
  }
  upper <- as.vector(upperbound(res))
  alarm <- as.integer(as.vector(alarms(res)))
  params <- toJson(run, ds$freq)
  golden <- data.frame(dataset = run$dataset, algorithm = run$algorithm, variant = run$variant, params = params,
                       t = rng, date = format(ds$dates[rng]), observed = as.vector(observed(res)),
                       upperbound = num(upper), alarm = ifelse(is.na(alarm), "", alarm), expected = num(expected),
                       trend = num(trend), phi = num(phi), pvalue = num(pvalue), score = num(score),
                       mu0_quantile = num(mu0q), stat = "", stringsAsFactors = FALSE)
  for (col in goldenHeader[17:29]) golden[[col]] <- ""
  goldens[[run$dataset]] <- rbind(goldens[[run$dataset]], golden)
  runRows[[length(runRows) + 1]] <- data.frame(
    dataset = run$dataset, algorithm = run$algorithm, variant = run$variant, range_from = min(rng),
    range_to = max(rng), rows = n, alarms = sum(alarm, na.rm = TRUE), upperbound_NA = sum(is.na(upper)),
    params = params, seconds = round(seconds, 2), stringsAsFactors = FALSE)
  cat(sprintf("%-18s %-18s %-32s %4d rows, %3d alarms, %3d NA bounds, %.1f s\n", run$dataset, run$algorithm,
              run$variant, n, sum(alarm, na.rm = TRUE), sum(is.na(upper)), seconds))
}

for (name in names(goldens)) {
  con <- gzfile(file.path(outdir, paste0("golden_", name, ".csv.gz")), "w")
  write.csv(goldens[[name]][, goldenHeader], con, row.names = FALSE, na = "", quote = c(1:4, 6))
  close(con)
}
write.csv(do.call(rbind, runRows), file.path(outdir, "runs.csv"), row.names = FALSE)
cat(sprintf("%d runs written to %s\n", length(runRows), outdir))
