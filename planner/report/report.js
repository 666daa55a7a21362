/* report.js -- draws report.html's charts with uPlot from the JSON that the C
 * writer put in #pp-data (planner/report/html.c). Inlined at build time.
 * Times are the workspace's wall clock, sent as if UTC and shown in UTC, so the
 * page shows the plan's own clock whatever the reader's time zone.
 * The body gets data-charts (charts attempted), data-rendered (charts drawn
 * with at least one value) and data-errors (errors caught): the browser test
 * reads them from the dumped DOM. */
(function () {
  "use strict";
  var body = document.body, errors = [], charts = 0, rendered = 0;
  function fail(msg) {
    errors.push(String(msg));
    body.setAttribute("data-errors", String(errors.length));
    var box = document.getElementById("pp-errors");
    if (box) { box.hidden = false; box.textContent = "Report errors: " + errors.join("; "); }
  }
  window.addEventListener("error", function (e) { fail(e.message || e); });
  var cerr = console.error;
  console.error = function () { fail(Array.prototype.join.call(arguments, " ")); cerr.apply(console, arguments); };
  var D;
  try { D = JSON.parse(document.getElementById("pp-data").textContent); }
  catch (e) { fail("data: " + e.message); return; }

  var PAL = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
             "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  var WIDTH = Math.max(600, Math.min(1100, (document.documentElement.clientWidth || 1100) - 40));
  var tz = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); };
  function fmt(v, d) { return v == null || isNaN(v) ? "–" : Number(v).toFixed(d); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function section(title, note) {
    var s = el("section"); s.appendChild(el("h2", null, title));
    s.id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-"); /* report.html#agents-needed-vs-planned */
    if (note) s.appendChild(el("p", "note", note));
    document.getElementById("pp-main").appendChild(s);
    return s;
  }
  function xs(t0, step, n) {
    var a = new Array(n);
    for (var i = 0; i < n; i++) a[i] = t0 + i * step;
    return a;
  }
  function hasData(data) {
    for (var s = 1; s < data.length; s++)
      for (var i = 0; i < data[s].length; i++) if (data[s][i] != null) return true;
    return false;
  }
  /* Shaded x ranges [[start, end, label], ...] drawn under the series. */
  function bands(ranges, color, labels) {
    return function (u) {
      var c = u.ctx, top = u.bbox.top, h = u.bbox.height;
      c.save(); c.fillStyle = color;
      for (var i = 0; i < ranges.length; i++) {
        var a = u.valToPos(ranges[i][0], "x", true), b = u.valToPos(ranges[i][1], "x", true);
        if (b < u.bbox.left || a > u.bbox.left + u.bbox.width) continue;
        a = Math.max(a, u.bbox.left); b = Math.min(b, u.bbox.left + u.bbox.width);
        c.fillRect(a, top, Math.max(1, b - a), h);
        if (labels && ranges[i][2]) {
          c.fillStyle = "#7a5b00"; c.font = 10 * devicePixelRatio + "px sans-serif";
          c.fillText(ranges[i][2], a + 2, top + 12 * devicePixelRatio);
          c.fillStyle = color;
        }
      }
      c.restore();
    };
  }
  function chart(parent, title, opts, data) {
    charts++;
    body.setAttribute("data-charts", String(charts));
    var box = el("div", "chart"); parent.appendChild(box);
    try {
      opts.title = title; opts.width = WIDTH; opts.height = opts.height || 260;
      opts.tzDate = opts.tzDate || tz;
      new uPlot(opts, data, box);
      if (hasData(data)) { rendered++; body.setAttribute("data-rendered", String(rendered)); }
      else box.appendChild(el("p", "note", "no data"));
    } catch (e) { fail(title + ": " + e.message); }
  }
  function timeAxes(yLabel) {
    return [{ label: "date and time (workspace clock)" }, { label: yLabel, size: 60 }];
  }
  function table(parent, cols, rows, units) {
    var wrap = el("div", "tablewrap"), t = el("table", "sortable"), tr = el("tr");
    cols.forEach(function (c, j) {
      var th = el("th", null, c + (units && units[j] ? " (" + units[j] + ")" : ""));
      th.title = "click to sort"; th.addEventListener("click", function () { sortBy(t, j, th); });
      tr.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(tr); t.appendChild(thead);
    var tb = el("tbody");
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (v) {
        /* cells keep the CSV's own text; numbers are right-aligned */
        var isnum = typeof v === "number" || (v !== "" && isFinite(Number(v)));
        var td = el("td", isnum ? "num" : null, String(v));
        row.appendChild(td);
      });
      tb.appendChild(row);
    });
    t.appendChild(tb); wrap.appendChild(t); parent.appendChild(wrap);
    return t;
  }
  function sortBy(t, j, th) {
    var tb = t.tBodies[0], rows = Array.prototype.slice.call(tb.rows);
    var dir = th.getAttribute("data-dir") === "asc" ? -1 : 1;
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (c) { c.removeAttribute("data-dir"); });
    th.setAttribute("data-dir", dir > 0 ? "asc" : "desc");
    rows.sort(function (a, b) {
      var x = a.cells[j].textContent, y = b.cells[j].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      if (!isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
      return x < y ? -dir : x > y ? dir : 0;
    });
    rows.forEach(function (r) { tb.appendChild(r); });
  }

  document.title = D.title;
  document.getElementById("pp-title").textContent = D.title;

  /* ---- summary ---- */
  if (D.summary) {
    var s = section("Summary", D.kind === "whatif" ? "The base plan (no scenario applied)." : null);
    table(s, ["metric", "value"], D.summary);
  }

  /* ---- what-if: cost vs service per scenario ---- */
  if (D.scenarios) {
    var sc = D.scenarios, s2 = section("Scenarios: cost vs service",
      "Bars: total cost of each scenario's plan; points: planned service level. " +
      "The first row is the base. Click a column header to sort the table.");
    var n = sc.names.length, idx = xs(0, 1, n);
    chart(s2, "Cost and service level per scenario", {
      scales: { x: { time: false, range: [-0.6, n - 0.4] }, sl: { range: [0, 100] },
                /* bars start at 0: a cut axis would overstate the differences */
                y: { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.08 : 1]; } } },
      axes: [{ label: "scenario", values: function (u, v) {
                 return v.map(function (i) { return Number.isInteger(i) ? sc.names[i] || "" : ""; }); } },
             { label: "total cost (currency)", size: 80 },
             { label: "service level (%)", scale: "sl", side: 1, grid: { show: false } }],
      series: [{ label: "scenario", value: function (u, v) { return v == null ? "–" : sc.names[v]; } },
               { label: "total cost", stroke: PAL[0], fill: PAL[0] + "99",
                 paths: uPlot.paths.bars({ size: [0.6, 80] }), value: function (u, v) { return fmt(v, 2); } },
               { label: "service level %", scale: "sl", stroke: PAL[1], width: 0,
                 points: { show: true, size: 9, fill: PAL[1] }, value: function (u, v) { return fmt(v, 2); } },
               { label: "change vs base %", scale: "sl", show: false, stroke: PAL[2],
                 value: function (u, v) { return fmt(v, 2); } }]
    }, [idx, sc.cost, sc.sl, sc.delta]);
    table(s2, sc.cols, sc.rows);
  }

  /* ---- forecast vs history ---- */
  var withFc = (D.queues || []).filter(function (q) { return q.fc; });
  if (withFc.length) {
    var s3 = section("Forecast vs history",
      "Offered contacts per interval: the last weeks of history (black), the forecast (blue) " +
      "with its p10–p90 band, events shaded. Drag to zoom, double-click to reset.");
    withFc.forEach(function (q) {
      var f = q.fc, h = q.hist, t = [], act = [], p10 = [], p50 = [], p90 = [], i;
      if (h) for (i = 0; i < h.y.length; i++) { t.push(h.t0 + i * h.step); act.push(h.y[i]); p10.push(null); p50.push(null); p90.push(null); }
      for (i = 0; i < f.p50.length; i++) {
        t.push(f.t0 + i * f.step); act.push(f.act ? f.act[i] : null);
        p10.push(f.p10 ? f.p10[i] : null); p50.push(f.p50[i]); p90.push(f.p90 ? f.p90[i] : null);
      }
      chart(s3, q.name + ": offered contacts, forecast vs history", {
        axes: timeAxes("contacts per interval"),
        series: [{}, { label: "history / actual", stroke: "#222", width: 1 },
                 { label: "forecast p90", stroke: PAL[0] + "55", width: 1 },
                 { label: "forecast", stroke: PAL[0], width: 1.5 },
                 { label: "forecast p10", stroke: PAL[0] + "55", width: 1 }],
        bands: [{ series: [2, 4], fill: PAL[0] + "22" }],
        hooks: { drawClear: [bands(D.events || [], "rgba(255,200,0,0.18)", true)] }
      }, [t, act, p90, p50, p10]);
    });
  }

  /* ---- needed vs planned ---- */
  var withCov = (D.queues || []).filter(function (q) { return q.cov; });
  if (withCov.length) {
    var s4 = section("Agents needed vs planned",
      "Productive agents per interval (before shrinkage). Red shading: understaffed " +
      "intervals (coverage.csv's understaffed_agents > 0; deferred work may run below " +
      "\"needed\" in an interval and catch up through its backlog)." +
      (withCov.some(function (q) { return q.cov.alloc; }) ? " Planned agents stacked by vendor." : ""));
    withCov.forEach(function (q) {
      var c = q.cov, t = xs(c.t0, c.step, c.need.length);
      /* "needed" last, so its line is drawn over the planned area */
      var series = [{}], data = [t], needed = { label: "needed", stroke: PAL[1], width: 1.5 };
      if (c.alloc) {
        /* stacked: each vendor's band is drawn up to the running total, the largest
         * total first so the smaller ones sit on top of it */
        var tot = t.map(function () { return 0; }), cums = [], ser = [];
        c.alloc.vendors.forEach(function (v, k) {
          var raw = c.alloc.y[k], col = PAL[(k + 2) % PAL.length];
          cums.push(raw.map(function (x, i) { tot[i] += x || 0; return tot[i]; }));
          ser.push({ label: v, stroke: col, fill: col + "55",
                     value: function (u, val, si, i) { return i == null ? "–" : fmt(raw[i], 1); } });
        });
        series = series.concat(ser.reverse()); data = data.concat(cums.reverse());
      } else {
        series.push({ label: "planned", stroke: PAL[0], width: 1.5, fill: PAL[0] + "18" });
        data.push(c.plan);
      }
      series.push(needed); data.push(c.need);
      chart(s4, q.name + ": agents needed vs planned", {
        axes: timeAxes("agents"), series: series,
        hooks: { drawClear: [bands(c.under || [], "rgba(214,39,40,0.22)", false)] }
      }, data);
    });
  }

  /* ---- service per queue and day ---- */
  if (D.service && D.service.queues.length) {
    var sv = D.service, s5 = section("Service level per queue and day",
      "Share of contacts answered within target, weighted by offered contacts: planned " +
      "(solid), target (dashed)" + (sv.queues.some(function (q) { return q.sim; }) ? ", simulated (dotted)." : "."));
    var data = [sv.days], series = [{ value: "{YYYY}-{MM}-{DD}" }];
    sv.queues.forEach(function (q, k) {
      var col = PAL[k % PAL.length];
      series.push({ label: q.name + " planned", stroke: col, width: 1.5, points: { show: true },
                    value: function (u, v) { return fmt(v, 1); } }); data.push(q.planned);
      if (q.target != null) {
        series.push({ label: q.name + " target", stroke: col, dash: [6, 4], width: 1,
                      value: function (u, v) { return fmt(v, 1); } });
        data.push(sv.days.map(function () { return q.target; }));
      }
      if (q.sim) {
        series.push({ label: q.name + " simulated", stroke: col, dash: [2, 3], width: 1.5,
                      value: function (u, v) { return fmt(v, 1); } }); data.push(q.sim);
      }
    });
    chart(s5, "Service level per day", {
      height: 320, scales: { y: { range: [0, 100] } },
      axes: [{ label: "date" }, { label: "service level (%)" }], series: series
    }, data);
  }

  /* ---- cost and paid hours by vendor and day ---- */
  if (D.vendor_days && D.vendor_days.vendors.length) {
    var vd = D.vendor_days, s6 = section("Cost and paid hours by vendor and day",
      "Stacked by vendor, from roster.csv; cost = paid hours × the vendor's rate in summary.csv.");
    [["paid_hours", "Paid hours by vendor and day", "paid hours (h)"],
     ["cost", "Cost by vendor and day", "cost (currency)"]].forEach(function (m) {
      var tot = vd.days.map(function () { return 0; }), cums = [], ser = [];
      vd.vendors.forEach(function (v, k) {
        var raw = v[m[0]];
        cums.push(raw.map(function (x, i) { tot[i] += x || 0; return tot[i]; }));
        ser.push({ label: v.name, stroke: PAL[k % PAL.length], fill: PAL[k % PAL.length] + "cc",
                   paths: uPlot.paths.bars({ size: [0.7, 60] }),
                   value: function (u, val, si, i) { return i == null ? "–" : fmt(raw[i], 2); } });
      });
      chart(s6, m[1], { axes: [{ label: "date" }, { label: m[2], size: 70 }],
                        series: [{ value: "{YYYY}-{MM}-{DD}" }].concat(ser.reverse()) },
            [vd.days].concat(cums.reverse()));
    });
  }

  /* ---- capacity and hiring plan (a `peakplan capacity` folder) ---- */
  /* Bars stacked by series, the largest total first so the smaller ones sit on
   * top of it (as cost by vendor and day); the legend shows each one's own value. */
  function stackedBars(parent, title, x, list, xLabel, yLabel, dec) {
    var tot = x.map(function () { return 0; }), cums = [], ser = [];
    list.forEach(function (v) {
      var raw = v.y, col = PAL[v.k % PAL.length];
      cums.push(raw.map(function (y, i) { tot[i] += y || 0; return tot[i]; }));
      /* no outline (width 0): a week without hires stays empty, not a dash on 0 */
      ser.push({ label: v.name, stroke: col, fill: col + "cc", width: 0,
                 paths: uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false },
                 value: function (u, val, si, i) { return i == null ? "–" : fmt(raw[i], dec); } });
    });
    chart(parent, title, {
      scales: { y: { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.08 : 1]; } } },
      axes: [{ label: xLabel }, { label: yLabel, size: 70 }],
      series: [{ value: "{YYYY}-{MM}-{DD}" }].concat(ser.reverse())
    }, [x].concat(cums.reverse()));
  }
  function weekLines(parent, title, x, list, yLabel, dec) {
    chart(parent, title, {
      axes: [{ label: "week starting (date)" }, { label: yLabel, size: 70 }],
      series: [{ value: "{YYYY}-{MM}-{DD}" }].concat(list.map(function (v) {
        return { label: v.name, stroke: PAL[v.k % PAL.length], width: 1.5, points: { show: true, size: 4 },
                 value: function (u, val) { return fmt(val, dec); } };
      }))
    }, [x].concat(list.map(function (v) { return v.y; })));
  }
  if (D.capacity) {
    var cp = D.capacity, wk = cp.weeks, WEEK = 7 * 86400;
    cp.vendors.forEach(function (v, k) { v.k = k; }); /* one colour per vendor in every chart */
    var inh = cp.vendors.filter(function (v) { return v.kind === "inhouse"; });
    var bpos = cp.vendors.filter(function (v) { return v.kind === "bpo"; });
    var s7 = section("Capacity and hiring plan",
      "FTE per week from capacity.csv (required: the week's total row, each queue once; " +
      "available: productive FTE summed over vendors, and with overtime dotted). Red shading: weeks with a gap " +
      "(required FTE left uncovered). Drag to zoom, double-click to reset.");
    var gapWeeks = [];
    wk.forEach(function (t, i) { if (cp.gap[i] > 0.0005) gapWeeks.push([t - WEEK / 2, t + WEEK / 2]); });
    var f1 = function (u, v) { return fmt(v, 1); };
    chart(s7, "Required vs available FTE per week", {
      height: 300,
      scales: { y: { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.08 : 1]; } } },
      axes: [{ label: "week starting (date)" }, { label: "FTE", size: 70 }],
      series: [{ value: "{YYYY}-{MM}-{DD}" },
               { label: "gap (uncovered)", stroke: PAL[1], fill: PAL[1] + "88", width: 0,
                 paths: uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false }, value: f1 },
               { label: "available (productive FTE)", stroke: PAL[0], width: 1.5, fill: PAL[0] + "18", value: f1 },
               { label: "allocated to queues", stroke: PAL[2], width: 1.5, dash: [6, 4], value: f1 },
               { label: "required", stroke: PAL[1], width: 2, value: f1 }].concat(cp.overtime ?
              [{ label: "available with overtime", stroke: PAL[0], width: 1, dash: [2, 3], value: f1 }] : []),
      hooks: { drawClear: [bands(gapWeeks, "rgba(214,39,40,0.12)", false)] }
    }, [wk, cp.gap, cp.productive, cp.allocated, cp.required].concat(cp.overtime ?
       [cp.productive.map(function (p, i) { return p == null ? null : p + (cp.overtime[i] || 0); })] : []));
    if (inh.length)
      stackedBars(s7, "Hires starting per week, in-house vendors", wk,
                  inh.map(function (v) { return { name: v.name, y: v.hires, k: v.k }; }),
                  "class start week (date)", "hires (people)", 0);
    if (bpos.length)
      weekLines(s7, "BPO ramp: contracted FTE per week", wk,
                bpos.map(function (v) { return { name: v.name, y: v.bpo, k: v.k }; }), "contracted FTE", 1);
    if (cp.vendors.length)
      weekLines(s7, "Headcount per week by vendor", wk,
                cp.vendors.map(function (v) { return { name: v.name + (v.kind === "bpo" ? " (BPO FTE)" : ""), y: v.headcount, k: v.k }; }),
                "heads (people; BPO: FTE)", 1);
    if (cp.summary) {
      s7.appendChild(el("h3", null, "Capacity summary (capacity_summary.csv)"));
      table(s7, ["metric", "value"], cp.summary);
    }
    if (cp.hiring) {
      s7.appendChild(el("h3", null, "Hiring plan: one row per class (hiring_plan.csv)"));
      if (cp.hiring.rows.length)
        table(s7, cp.hiring.cols, cp.hiring.rows, cp.hiring.cols.map(function (c) {
          return c === "hires" ? "people" : c === "hire_cost" ? "currency" : null; }));
      else s7.appendChild(el("p", "note", "No class: nobody is hired."));
    }
  }

  /* ---- unmet intervals ---- */
  if (D.unmet) {
    var s8 = section("Unmet intervals", D.unmet.rows.length
      ? D.unmet.total + " understaffed queue-intervals" +
        (D.unmet.total > D.unmet.rows.length ? " (the " + D.unmet.rows.length + " largest shortfalls listed)" : "") + "."
      : "None: every interval is covered.");
    if (D.unmet.rows.length)
      table(s8, ["queue", "interval_start", "agents_needed", "agents_planned", "understaffed"], D.unmet.rows,
            [null, null, "agents", "agents", "agents"]);
  }
  body.setAttribute("data-charts", String(charts));
  body.setAttribute("data-rendered", String(rendered));
  body.setAttribute("data-errors", String(errors.length));
  body.setAttribute("data-ms", String(Math.round(performance.now()))); /* load to charts drawn */
  body.setAttribute("data-done", "1");
  /* sections exist only now, after the browser looked for the #fragment */
  var target = location.hash && document.getElementById(location.hash.slice(1));
  if (target) target.scrollIntoView();
})();
