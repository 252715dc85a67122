// The monitoring-service dashboard: plain JavaScript, no libraries, works offline.
// Reads /v1/dashboard/* (relative URLs, so it also works behind a path prefix), polls every
// few seconds and listens to server-sent events for alert transitions (?live=poll: polling only).
(function () {
  'use strict';

  var POLL_MS = 5000;
  var SVG = 'http://www.w3.org/2000/svg';
  var WINDOWS = ['5m', '30m', '1h', '6h', '3d'];
  var WINDOW_COLORS = { '5m': '#2563eb', '30m': '#0e9fb8', '1h': '#7c3aed', '6h': '#c2410c', '3d': '#64748b' };
  var THRESHOLDS = [
    { value: 14.4, label: '14.4 page (1h & 5m)', color: '#d43d3d' },
    { value: 6, label: '6 page (6h & 30m)', color: '#e07b12' },
    { value: 1, label: '1 ticket (3d & 6h)', color: '#b59a00' }
  ];
  var SLO_TITLES = { availability: 'Availability', latency: 'Latency', success_rate: 'Success rate' };
  var QUOTA_NAMES = {
    concurrentAgents: 'concurrent agents', memoryMb: 'memory', cpuCores: 'CPU', requestsPerMinute: 'requests / min',
    storageGb: 'storage', executionTimeSeconds: 'execution time'
  };

  var params = new URLSearchParams(window.location.search);
  var useSse = params.get('live') !== 'poll' && typeof window.EventSource === 'function';
  var state = { tenants: [], selected: null, timer: null, loading: false, again: false, events: 0, fresh: {} };

  // --- small DOM helpers (text goes in as text, never as HTML) -----------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) {
        node.setAttribute(k, attrs[k]);
      }
    });
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach(function (c) {
      if (c !== null && c !== undefined) {
        node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      }
    });
  }

  function replace(id, children) {
    var node = document.getElementById(id);
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    append(node, children);
    return node;
  }

  // --- formatting ---------------------------------------------------------------------------

  function pct(v, digits) {
    return (v * 100).toFixed(digits === undefined ? 1 : digits) + ' %';
  }

  function rate(v) {
    if (v === null || v === undefined || isNaN(v)) {
      return '–';
    }
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  function clock(iso, withDate) {
    if (!iso) {
      return '';
    }
    var d = new Date(iso);
    var t = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    var today = d.toDateString() === new Date().toDateString();
    if (withDate || !today) {
      return d.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + (today ? t : t.slice(0, 5));
    }
    return t;
  }

  function words(camel) {
    return camel.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  }

  // --- data ---------------------------------------------------------------------------------

  function api(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
      if (r.ok) {
        return r.json();
      }
      return r.text().then(function (body) {
        var problem = {};
        try { problem = JSON.parse(body); } catch (e) { /* not a problem document */ }
        var error = new Error((problem.title || ('HTTP ' + r.status)) + (problem.detail ? ': ' + problem.detail : ''));
        error.status = r.status;
        throw error;
      });
    });
  }

  // One refresh at a time; a request for another while one runs (a click, a stream event) runs
  // right after it instead of starting a second polling chain.
  function refresh() {
    clearTimeout(state.timer);
    if (state.loading) {
      state.again = true;
      return;
    }
    state.loading = true;
    api('v1/dashboard/tenants').then(function (tenants) {
      state.tenants = tenants;
      if (!state.selected || !tenants.some(function (t) { return t.tenant === state.selected; })) {
        var wanted = decodeURIComponent(window.location.hash.replace(/^#/, ''));
        var match = tenants.filter(function (t) { return t.tenant === wanted; })[0];
        state.selected = match ? match.tenant : (tenants[0] ? tenants[0].tenant : null);
      }
      renderTabs();
      if (!state.selected) {
        document.getElementById('tenant').hidden = true;
        document.getElementById('empty').hidden = false;
        return null;
      }
      var tenant = state.selected;
      return Promise.all([
        api('v1/dashboard/tenants/' + encodeURIComponent(tenant)),
        api('v1/dashboard/transitions?limit=50&tenant=' + encodeURIComponent(tenant))
      ]).then(function (results) {
        if (tenant === state.selected) {
          renderTenant(results[0], results[1]);
        }
      });
    }).then(function () {
      banner(null);
      replace('updated', 'updated ' + clock(new Date().toISOString()));
    }).catch(function (e) {
      banner(e.status === 503 ? 'The alert state is not available right now (the engine is starting or rebalancing); '
        + 'retrying. ' + e.message : 'Could not load the dashboard data: ' + e.message);
    }).then(function () {
      state.loading = false;
      state.timer = setTimeout(refresh, state.again ? 0 : POLL_MS);
      state.again = false;
    });
  }

  function banner(text) {
    var node = document.getElementById('banner');
    node.hidden = !text;
    node.textContent = text || '';
  }

  function connect() {
    if (!useSse) {
      setLive('polling', 'polling every ' + POLL_MS / 1000 + ' s');
      return;
    }
    var source = new EventSource('v1/dashboard/stream');
    source.onopen = function () { setLive('live', 'live'); };
    source.onerror = function () { setLive('down', 'reconnecting'); };
    source.addEventListener('alert', function (e) {
      var t = JSON.parse(e.data);
      state.fresh[t.id] = true;
      document.getElementById('live').setAttribute('data-events', String(++state.events));
      clearTimeout(state.timer);
      state.timer = setTimeout(refresh, 200); // several transitions often come together
    });
  }

  function setLive(kind, text) {
    var node = document.getElementById('live');
    node.setAttribute('data-state', kind);
    node.textContent = text;
  }

  // --- rendering ----------------------------------------------------------------------------

  function renderTabs() {
    var buttons = state.tenants.map(function (t) {
      var kind = t.critical > 0 ? 'critical' : t.firing > 0 ? 'warning' : '';
      var button = el('button', {
        type: 'button', role: 'tab', 'aria-selected': String(t.tenant === state.selected), 'data-tenant': t.tenant,
        title: t.firing + ' alert(s) firing'
      }, [t.tenant, el('span', { 'class': 'dot ' + kind }, String(t.firing))]);
      button.addEventListener('click', function () {
        state.selected = t.tenant;
        window.location.hash = encodeURIComponent(t.tenant);
        refresh();
      });
      return button;
    });
    replace('tenants', buttons);
    document.getElementById('empty').hidden = state.tenants.length > 0;
  }

  function renderTenant(view, transitions) {
    document.getElementById('tenant').hidden = false;
    document.getElementById('tenant').setAttribute('data-tenant', view.tenant);
    renderBudgets(view.slo);
    renderQuota(view.quota);
    renderCharts(view.slo, view.history);
    renderFiring(view.alerts.filter(function (a) { return a.status === 'FIRING'; }));
    renderTransitions(transitions);
    replace('footer', [
      'Burn-rate history is sampled every ' + secondsText(view.history.intervalSeconds) + ' and kept in memory by monitoring-service since it started (',
      clock(view.history.since, true),
      '); a restart clears it, the SLO figures themselves survive. ',
      view.slo ? 'Figures as of the tenant\'s latest event, ' + clock(view.slo.asOf, true) + '.' : ''
    ]);
  }

  function secondsText(seconds) {
    return seconds >= 60 && seconds % 60 === 0 ? seconds / 60 + ' min' : seconds + ' s';
  }

  function renderBudgets(slo) {
    if (!slo) {
      replace('period', '');
      replace('budgets', el('p', { 'class': 'muted' }, 'No execution of this tenant seen yet.'));
      return;
    }
    replace('period', 'over ' + periodText(slo.period));
    replace('budgets', slo.objectives.map(function (o) {
      var left = o.budgetRemaining;
      var kind = left <= 0 ? 'bad' : left < 0.25 ? 'low' : 'ok';
      var text = left <= 0 ? rate(1 - left) + '× budget used' : pct(left) + ' left';
      return el('div', { 'class': 'bar-row', 'data-budget': o.slo, 'data-value': String(left) }, [
        el('div', { 'class': 'name' }, [SLO_TITLES[o.slo] || o.slo,
          el('small', {}, 'target ' + pct(o.target, o.target >= 0.99 ? 1 : 0)
            + (o.latencyThresholdMs ? ', ≤ ' + o.latencyThresholdMs + ' ms' : ''))]),
        el('div', { 'class': 'bar ' + kind }, el('div', { 'class': 'fill ' + kind, style: 'width:' + Math.max(0, Math.min(1, left)) * 100 + '%' })),
        el('div', { 'class': 'value ' + kind, title: o.badEvents + ' bad of ' + o.events + ' events' },
          [text, el('small', { 'class': 'muted' }, 'SLI ' + pct(o.sli, 2) + ' of ' + o.events + ' events')])
      ]);
    }));
  }

  function periodText(iso) {
    var m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?)?/.exec(iso || '');
    var days = m && m[1] ? Number(m[1]) : 0;
    var hours = m && m[2] ? Number(m[2]) : 0;
    days += Math.floor(hours / 24);
    return days ? days + ' days' : iso;
  }

  function renderQuota(quota) {
    if (!quota) {
      replace('quota-at', '');
      replace('quota', el('p', { 'class': 'muted' }, 'No admission of this tenant seen since the service started.'));
      return;
    }
    replace('quota-at', 'latest admission ' + clock(quota.at) + (quota.admitted ? ', admitted' : ', rejected'));
    var dims = Object.keys(quota.utilization).sort();
    replace('quota', dims.map(function (d) {
      var v = quota.utilization[d];
      var kind = v > quota.threshold ? 'bad' : v > quota.threshold * 0.8 ? 'low' : 'ok';
      return el('div', { 'class': 'bar-row', 'data-quota': d, 'data-value': String(v) }, [
        el('div', { 'class': 'name' }, QUOTA_NAMES[d] || words(d)),
        el('div', { 'class': 'bar', title: 'alert above ' + pct(quota.threshold, 0) }, [
          el('div', { 'class': 'fill ' + kind, style: 'width:' + Math.min(1, v) * 100 + '%' }),
          el('div', { 'class': 'mark', style: 'left:' + Math.min(1, quota.threshold) * 100 + '%' })
        ]),
        el('div', { 'class': 'value ' + (kind === 'ok' ? '' : kind) }, pct(v, 0) + (v > quota.threshold ? ' (over ' + pct(quota.threshold, 0) + ')' : ''))
      ]);
    }));
  }

  function renderLegend() {
    var keys = WINDOWS.map(function (w) {
      return el('span', { 'class': 'key' }, [el('span', { 'class': 'swatch', style: 'border-color:' + WINDOW_COLORS[w] }), w]);
    }).concat(THRESHOLDS.map(function (t) {
      return el('span', { 'class': 'key' }, [el('span', { 'class': 'swatch dashed', style: 'border-color:' + t.color }), t.label]);
    }));
    replace('legend', keys);
  }

  function renderCharts(slo, history) {
    if (!slo) {
      replace('charts', el('p', { 'class': 'muted' }, 'No burn rates yet.'));
      return;
    }
    var samples = history.samples.slice();
    if (samples.length === 0) {
      // Not sampled yet: show the current figures as one point.
      var now = {};
      slo.objectives.forEach(function (o) {
        now[o.slo] = {};
        Object.keys(o.windows).forEach(function (w) { now[o.slo][w] = o.windows[w].burnRate; });
      });
      samples = [{ at: new Date().toISOString(), burnRates: now }];
    }
    var minSpanMs = 12 * (history.intervalSeconds || 5) * 1000;
    replace('charts', slo.objectives.map(function (o) {
      var series = WINDOWS.map(function (w) {
        return {
          window: w, color: WINDOW_COLORS[w], points: samples.filter(function (s) {
            return s.burnRates[o.slo] && s.burnRates[o.slo][w] !== undefined;
          }).map(function (s) { return [Date.parse(s.at), s.burnRates[o.slo][w]]; })
        };
      });
      var current = WINDOWS.map(function (w) {
        var r = o.windows[w] ? o.windows[w].burnRate : null;
        return el('span', {}, [w + ' ', el('b', { style: 'color:' + WINDOW_COLORS[w] }, rate(r)), '  ']);
      });
      return el('div', { 'class': 'chart' }, [
        el('h3', {}, (SLO_TITLES[o.slo] || o.slo) + ' (target ' + pct(o.target, o.target >= 0.99 ? 1 : 0) + ')'),
        el('div', { 'class': 'now' }, ['now: '].concat(current)),
        lineChart(o.slo, series, minSpanMs)
      ]);
    }));
  }

  // Burn rates span 0 to 1000 and the thresholds sit at 1, 6 and 14.4: a log scale of (1 + rate)
  // keeps them all readable and still draws 0.
  function lineChart(slo, series, minSpanMs) {
    var W = 400, H = 220, L = 44, R = 14, T = 10, B = 38;
    var all = [];
    series.forEach(function (s) { s.points.forEach(function (p) { all.push(p); }); });
    var maxValue = Math.max.apply(null, [20].concat(all.map(function (p) { return p[1]; })));
    var top = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000].filter(function (v) { return v >= maxValue; })[0] || maxValue;
    var times = all.map(function (p) { return p[0]; });
    var t1 = times.length ? Math.max.apply(null, times) : Date.now();
    var t0 = times.length ? Math.min.apply(null, times) : t1;
    if (t1 - t0 < minSpanMs) {
      t0 = t1 - minSpanMs;
    }
    var f = function (v) { return Math.log(1 + Math.max(0, v)) / Math.LN10; };
    var x = function (t) { return L + (t - t0) / (t1 - t0) * (W - L - R); };
    var y = function (v) { return T + (1 - f(v) / f(top)) * (H - T - B); };

    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'data-chart': 'burn-rate', 'data-slo': slo,
      'aria-label': 'burn rate of ' + slo + ' per window over time' });
    // grid and y axis
    [0, 1, 10, 100, 1000, 10000, 100000].filter(function (v) { return v <= top; }).concat(top % 10 === 0 && [10, 100, 1000, 10000].indexOf(top) < 0 ? [top] : [])
      .forEach(function (v) {
        chart.appendChild(svg('line', { 'class': 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
        chart.appendChild(svg('text', { x: L - 5, y: y(v) + 3.5, 'text-anchor': 'end' }, v >= 1000 ? v / 1000 + 'k' : String(v)));
      });
    chart.appendChild(svg('text', { transform: 'translate(11,' + (T + (H - T - B) / 2) + ') rotate(-90)', 'text-anchor': 'middle' },
      'burn rate (log scale)'));
    // x axis: time
    var ticks = 4;
    for (var i = 0; i <= ticks; i++) {
      var t = t0 + (t1 - t0) * i / ticks;
      chart.appendChild(svg('line', { 'class': 'axis', x1: x(t), x2: x(t), y1: H - B, y2: H - B + 4 }));
      chart.appendChild(svg('text', { x: x(t), y: H - B + 15, 'text-anchor': i === 0 ? 'start' : i === ticks ? 'end' : 'middle' },
        clock(new Date(t).toISOString())));
    }
    chart.appendChild(svg('line', { 'class': 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
    chart.appendChild(svg('line', { 'class': 'axis', x1: L, x2: L, y1: T, y2: H - B }));
    chart.appendChild(svg('text', { x: L + (W - L - R) / 2, y: H - 4, 'text-anchor': 'middle' }, 'time (sampled by the service)'));
    // thresholds
    THRESHOLDS.forEach(function (th) {
      chart.appendChild(svg('line', { 'class': 'threshold', stroke: th.color, x1: L, x2: W - R, y1: y(th.value), y2: y(th.value),
        'data-threshold': String(th.value) }));
    });
    // one line per window, with a dot on the latest value
    series.forEach(function (s) {
      if (s.points.length === 0) {
        return;
      }
      var d = s.points.map(function (p, k) { return (k ? 'L' : 'M') + x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1); }).join('');
      var last = s.points[s.points.length - 1];
      var group = svg('g', { 'data-window': s.window, 'data-points': String(s.points.length), 'data-last': String(last[1]) }, [
        svg('path', { 'class': 'line', d: d, stroke: s.color }),
        svg('circle', { cx: x(last[0]), cy: y(last[1]), r: 2.8, fill: s.color },
          svg('title', {}, s.window + ': ' + rate(last[1])))
      ]);
      chart.appendChild(group);
    });
    return chart;
  }

  function renderFiring(alerts) {
    replace('firing-count', alerts.length ? '(' + alerts.length + ')' : '');
    if (alerts.length === 0) {
      replace('firing', el('div', { 'class': 'none' }, '✓ No alert firing.'));
      return;
    }
    alerts.sort(function (a, b) {
      return (a.severity === b.severity ? 0 : a.severity === 'CRITICAL' ? -1 : 1) || a.rule.localeCompare(b.rule)
        || (a.startsAt < b.startsAt ? 1 : -1);
    });
    replace('firing', alerts.map(function (a) {
      var labels = Object.keys(a.labels || {}).filter(function (k) { return k !== 'tenant'; })
        .map(function (k) { return k + '=' + a.labels[k]; }).join(', ');
      return el('div', { 'class': 'alert ' + a.severity.toLowerCase(), 'data-alert': a.rule, 'data-fingerprint': a.fingerprint }, [
        el('div', { 'class': 'head' }, [
          el('span', { 'class': 'badge ' + a.severity }, a.severity),
          el('span', { 'class': 'rule' }, a.rule),
          el('span', { 'class': 'labels' }, labels),
          el('span', { 'class': 'since' }, 'since ' + clock(a.startsAt) + ' · value ' + rate(a.value) + ' > ' + rate(a.threshold))
        ]),
        el('div', { 'class': 'summary', title: a.summary }, a.summary)
      ]);
    }));
  }

  function renderTransitions(transitions) {
    if (transitions.length === 0) {
      replace('transitions', el('li', { 'class': 'muted' }, 'No alert transition of this tenant on agent.alerts yet.'));
      return;
    }
    replace('transitions', transitions.map(function (t) {
      var item = el('li', { 'data-transition': t.status, 'data-rule': t.rule, 'class': state.fresh[t.id] ? 'fresh' : null }, [
        el('time', { datetime: t.at }, clock(t.at)),
        el('span', {}, el('span', { 'class': 'badge ' + t.status }, t.status)),
        el('div', {}, [el('span', { 'class': 'rule' }, t.rule + (t.agentId ? ' · ' + t.agentId : '')), ' ',
          el('span', { 'class': 'muted' }, t.severity), el('div', {}, t.summary)])
      ]);
      delete state.fresh[t.id];
      return item;
    }));
  }

  window.addEventListener('hashchange', function () {
    var wanted = decodeURIComponent(window.location.hash.replace(/^#/, ''));
    if (wanted && wanted !== state.selected && state.tenants.some(function (t) { return t.tenant === wanted; })) {
      state.selected = wanted;
      refresh();
    }
  });

  renderLegend();
  connect();
  refresh();
}());
