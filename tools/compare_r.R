#!/usr/bin/env Rscript
# compare_r.R -- the R/Prophet side of the forecast accuracy comparison in
# docs/forecast.md (benchmark only; never a peakplan dependency).
#
#   python3 tools/forecast_real_data.py /tmp/fc_real
#   Rscript tools/compare_r.R /tmp/fc_real DATASET [METHODS]
#
# DATASET is fpp2, rossmann or favorita (the folders written by
# forecast_real_data.py); METHODS a comma list out of snaive, mstl, tbats,
# arima, prophet (default: all; fpp2 also knows tbats_lite, see below). Prints one CSV row per queue and method:
#   dataset,queue,method,actual_total,abs_err,wape,fit_seconds
# The split and the error are those of `bench_forecast backtest` /
# pp_fc_backtest: the last DAYS calendar days of the history are held out
# (fpp2 28, the others 56), WAPE = 100 * sum|actual - forecast| / sum actual
# over every interval of the held-out days at the output interval (5 minutes
# for fpp2, one day for the others), an interval absent from history.csv
# counting as 0 (closed). Negative forecasts are clipped to 0. fit_seconds is
# the elapsed time of fit + forecast for that queue.
#
# Closed days: every R/Prophet forecast gets peakplan's closed-day rule (it
# helps them): a weekday that was 0 in >= 6 of the last 8 training weeks, and
# a day of an event kind whose past days were mostly 0, are forecast 0. For
# fpp2 the models see only the open intervals (169 per weekday, 07:00-21:00)
# as one series with seasonal periods 169 and 845 (the fpp2 book's setting),
# and the forecast is mapped back onto the calendar.
# Days missing from the history (favorita's closures) are interpolated
# (na.interp) for the ts models and left out for Prophet, which also drops
# zero days (its documentation's advice for closures).
suppressPackageStartupMessages({
  library(forecast)
  library(prophet)
})
args <- commandArgs(TRUE)
# Speed mode (docs/performance.md): Prophet on the history written by
# `bench_forecast synth 10 730 30 FILE.csv`, fit + forecast 42 days for the
# first N queues (default 1); prints the seconds per queue.
if (length(args) >= 2 && args[1] == "speed") {
  h <- read.csv(args[2], stringsAsFactors = FALSE)
  nq <- if (length(args) >= 3) as.integer(args[3]) else 1
  for (q in head(unique(h$queue), nq)) {
    hq <- h[h$queue == q, ]
    t0 <- proc.time()[["elapsed"]]
    df <- data.frame(ds = as.POSIXct(hq$interval_start, tz = "UTC"), y = hq$offered)
    step <- as.numeric(difftime(df$ds[2], df$ds[1], units = "secs"))
    fit <- prophet(df, yearly.seasonality = TRUE) # 730 days is just under Prophet's auto threshold
    fut <- data.frame(ds = max(df$ds) + step * seq_len(42 * 86400 / step))
    fc <- predict(fit, fut)
    cat(sprintf("prophet,%s,%d rows,%.3f s\n", q, nrow(df), proc.time()[["elapsed"]] - t0))
  }
  quit(save = "no")
}
if (length(args) < 2) stop("usage: compare_r.R DIR fpp2|rossmann|favorita [METHODS]")
dir <- args[1]
ds <- args[2]
methods <- if (length(args) >= 3) strsplit(args[3], ",")[[1]] else
  c("snaive", "mstl", "tbats", "arima", "prophet")
hold <- if (ds == "fpp2") 28 else 56

hist <- read.csv(file.path(dir, ds, "history.csv"), stringsAsFactors = FALSE)
evf <- file.path(dir, ds, "events.csv")
ev <- read.csv(evf, stringsAsFactors = FALSE, colClasses = "character")

emit <- function(queue, method, a, f, secs) {
  f <- pmax(f, 0)
  f[!is.finite(f)] <- 0
  ae <- sum(abs(a - f))
  cat(sprintf("%s,%s,%s,%.3f,%.3f,%.3f,%.3f\n", ds, queue, method, sum(a), ae,
              100 * ae / sum(a), secs))
}

timed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  v <- force(expr)
  list(v = v, secs = proc.time()[["elapsed"]] - t0)
}

# ---- fpp2: 5-minute bank calls ------------------------------------------
if (ds == "fpp2") {
  hist$day <- as.Date(substr(hist$interval_start, 1, 10))
  hist$slot <- as.integer(substr(hist$interval_start, 12, 13)) * 12 +
    as.integer(substr(hist$interval_start, 15, 16)) / 5
  days <- seq(min(hist$day), max(hist$day), by = "day")
  grid <- matrix(0, nrow = length(days), ncol = 288)
  grid[cbind(match(hist$day, days), hist$slot + 1)] <- hist$offered
  cut <- length(days) - hold # last training day index
  open_days <- which(rowSums(grid) > 0)
  open_slots <- which(colSums(grid) > 0) # 169
  tr_days <- open_days[open_days <= cut]
  te_days <- open_days[open_days > cut]
  y <- as.vector(t(grid[tr_days, open_slots]))
  h <- length(te_days) * length(open_slots)
  actual <- grid[(cut + 1):length(days), ]
  to_grid <- function(fc) {
    g <- matrix(0, nrow = hold, ncol = 288)
    g[te_days - cut, open_slots] <- matrix(fc, ncol = length(open_slots), byrow = TRUE)
    g
  }
  ym <- msts(y, seasonal.periods = c(169, 845))
  for (m in methods) {
    r <- switch(m,
      snaive = timed({ # last full calendar week before the cut, repeated
        g <- matrix(0, nrow = hold, ncol = 288)
        for (i in 1:hold) g[i, ] <- grid[cut - 7 + ((i - 1) %% 7) + 1, ]
        g
      }),
      mstl = timed(to_grid(forecast(mstl(ym), h = h)$mean)),
      tbats = timed(to_grid(forecast(tbats(ym, use.parallel = FALSE), h = h)$mean)),
      # one TBATS model instead of the default search over Box-Cox, trend,
      # damping and ARMA errors (which exceeds 10 minutes here)
      tbats_lite = timed(to_grid(forecast(tbats(ym, use.box.cox = FALSE, use.trend = FALSE,
                                                use.damped.trend = FALSE,
                                                use.arma.errors = FALSE,
                                                use.parallel = FALSE), h = h)$mean)),
      arima = timed({
        fit <- auto.arima(ym, xreg = fourier(ym, K = c(10, 10)), seasonal = FALSE)
        to_grid(forecast(fit, xreg = fourier(ym, K = c(10, 10), h = h))$mean)
      }),
      prophet = timed({
        ts_of <- function(dd) {
          as.POSIXct(rep(days[dd], each = length(open_slots)), tz = "UTC") +
            rep((open_slots - 1) * 300, times = length(dd))
        }
        df <- data.frame(ds = ts_of(tr_days), y = y)
        fit <- prophet(df, daily.seasonality = TRUE, weekly.seasonality = TRUE,
                       yearly.seasonality = FALSE)
        to_grid(predict(fit, data.frame(ds = ts_of(te_days)))$yhat)
      }),
      stop("unknown method ", m))
    emit("bank", m, as.vector(actual), as.vector(r$v), r$secs)
  }
  quit(save = "no")
}

# ---- daily data sets (rossmann, favorita) --------------------------------
hist$day <- as.Date(substr(hist$interval_start, 1, 10))
days <- seq(min(hist$day), max(hist$day), by = "day")
n <- length(days)
cut <- n - hold
ev$start <- as.Date(ev$start_date)
ev$end <- as.Date(ev$end_date)

for (q in unique(hist$queue)) {
  hq <- hist[hist$queue == q, ]
  y0 <- rep(NA_real_, n)
  y0[match(hq$day, days)] <- hq$offered
  actual <- y0[(cut + 1):n]
  actual[is.na(actual)] <- 0 # absent = closed, as peakplan reads it
  ytr <- y0[1:cut]
  # event dummies per kind (days of the event), for this queue
  mine <- ev[ev$queues == "" | grepl(paste0("(^|;)", q, "(;|$)"), ev$queues), ]
  kinds <- unique(mine$kind)
  X <- matrix(0, nrow = n, ncol = length(kinds), dimnames = list(NULL, make.names(kinds, TRUE)))
  for (i in seq_len(nrow(mine))) {
    idx <- which(days >= mine$start[i] & days <= mine$end[i])
    X[idx, match(mine$kind[i], kinds)] <- 1
  }
  # closed-day mask (peakplan's rule)
  closed <- rep(FALSE, hold)
  wd <- as.POSIXlt(days)$wday
  for (j in 1:hold) {
    d <- cut + j
    past <- seq(d - 7 * ceiling((d - cut) / 7), by = -7, length.out = 8)
    z <- ytr[past]
    if (sum(is.na(z) | z == 0) >= 6) closed[j] <- TRUE
    for (k in which(X[d, ] == 1)) {
      on <- which(X[1:cut, k] == 1)
      if (length(on) > 0 && mean(is.na(ytr[on]) | ytr[on] == 0) > 0.5) closed[j] <- TRUE
    }
  }
  yi <- as.numeric(na.interp(ts(ytr, frequency = 7)))
  ym <- msts(yi, seasonal.periods = c(7, 365.25))
  t_all <- seq_len(n)
  fourier_annual <- function(idx, K = 5) {
    do.call(cbind, lapply(1:K, function(k)
      cbind(sin(2 * pi * k * idx / 365.25), cos(2 * pi * k * idx / 365.25))))
  }
  for (m in methods) {
    r <- switch(m,
      snaive = timed(y0[cut - 7 + ((0:(hold - 1)) %% 7) + 1]),
      mstl = timed(forecast(mstl(ym), h = hold)$mean),
      tbats = timed(forecast(tbats(ym, use.parallel = FALSE), h = hold)$mean),
      arima = timed({
        Xa <- cbind(fourier_annual(t_all), X)
        keep <- apply(Xa[1:cut, , drop = FALSE], 2, function(c) length(unique(c)) > 1)
        Xa <- Xa[, keep, drop = FALSE]
        qrx <- qr(cbind(1, Xa[1:cut, ]))
        Xa <- Xa[, qrx$pivot[2:qrx$rank] - 1, drop = FALSE]
        fit <- auto.arima(ts(yi, frequency = 7), xreg = Xa[1:cut, , drop = FALSE])
        forecast(fit, xreg = Xa[(cut + 1):n, , drop = FALSE])$mean
      }),
      prophet = timed({
        ok <- !is.na(ytr) & ytr > 0
        df <- data.frame(ds = days[1:cut][ok], y = ytr[ok])
        hd <- do.call(rbind, lapply(seq_len(nrow(mine)), function(i)
          data.frame(holiday = mine$kind[i], ds = seq(mine$start[i], mine$end[i], by = "day"),
                     lower_window = 0, upper_window = 0)))
        fit <- prophet(df, holidays = hd, yearly.seasonality = TRUE,
                       weekly.seasonality = TRUE, daily.seasonality = FALSE)
        predict(fit, data.frame(ds = days[(cut + 1):n]))$yhat
      }),
      stop("unknown method ", m))
    f <- as.numeric(r$v)
    if (m != "snaive") f[closed] <- 0
    f[is.na(f)] <- 0
    emit(q, m, actual, f, r$secs)
  }
}
