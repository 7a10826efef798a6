// Parley's pages. On the article page: bring the evidence span to the middle of the window.
// On the home page: the story's time axis (vis-timeline, vendored under /static), with lanes by party,
// status colours, filters by actor and status, zoom buttons and a strip of events per day.
// Texts from the record are always put in the page as text (textContent), never as markup.
(function () {
  "use strict";
  var mark = document.getElementById("evidence");
  if (mark) {
    mark.scrollIntoView({block: "center"});
  }

  var box = document.getElementById("axis");
  if (!box || !window.vis) {
    return;
  }
  var DAY = 86400000;

  function day(iso) {                        // "2015-07-12" -> a Date at UTC midnight
    return new Date(iso + "T00:00:00Z");
  }

  function textNode(tag, text, attrs) {
    var el = document.createElement(tag);
    el.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function draw(data) {
    var lanes = new vis.DataSet(data.lanes.map(function (lane, n) {
      return {id: lane.id, content: textNode("span", lane.name), order: n};
    }));
    var items = new vis.DataSet(data.items.map(function (it) {
      var item = {
        id: it.id, group: it.lane, start: day(it.start),
        content: textNode("span", it.label, {"data-axis-event": it.id, "data-status": it.status}),
        className: "st-" + it.status + (it.background ? " axis-background" : "")
      };
      if (it.end) {
        item.end = day(it.end);
        item.type = "range";
      } else {
        item.type = "point";
      }
      return item;
    }));
    var shown = {actor: "", statuses: {}};
    data.statuses.forEach(function (s) { shown.statuses[s] = true; });
    var byId = {};
    data.items.forEach(function (it) { byId[it.id] = it; });
    var view = new vis.DataView(items, {filter: function (item) {
      var it = byId[item.id];
      return shown.statuses[it.status] && (!shown.actor || it.actors.indexOf(shown.actor) >= 0);
    }});
    var from = box.dataset.from || data.window.start, to = box.dataset.to || data.window.end;
    var first = data.bounds.start ? day(data.bounds.start) : null, last = data.bounds.end ? day(data.bounds.end) : null;
    // The first view is set after the first draw: with start and end among the options, vis-timeline
    // keeps the axis hidden until a range change that may never come.
    var options = {
      min: first ? new Date(first.getTime() - 60 * DAY) : undefined,
      max: last ? new Date(last.getTime() + 60 * DAY) : undefined,
      zoomMin: DAY / 2, orientation: {axis: "top", item: "top"}, stack: true, selectable: true,
      maxHeight: 520, verticalScroll: true, horizontalScroll: false, zoomKey: "ctrlKey",
      margin: {item: {horizontal: 4, vertical: 4}}, groupOrder: "order", xss: {disabled: false}
    };
    var timeline;
    function storyDays() {
      if (from && to) {
        timeline.setWindow(day(from).getTime() - DAY / 2, day(to).getTime() + 1.5 * DAY, {animation: false});
      }
    }
    options.onInitialDrawComplete = function () {
      storyDays();
      report();
      box.dataset.ready = "true";
    };
    timeline = new vis.Timeline(box, view, lanes, options);
    function report() {
      var w = timeline.getWindow();
      box.dataset.start = w.start.toISOString();
      box.dataset.end = w.end.toISOString();
    }
    timeline.on("rangechanged", report);
    timeline.on("select", function (props) {
      if (props.items && props.items.length) {
        window.location.href = "/event/" + encodeURIComponent(props.items[0]);
      }
    });
    function refilter() {
      view.refresh();
      density();
      box.dataset.shown = String(view.length);
    }
    var actor = document.getElementById("axis-actor");
    if (actor) {
      actor.addEventListener("change", function () { shown.actor = actor.value; refilter(); });
    }
    Array.prototype.forEach.call(document.querySelectorAll("#axis-statuses input"), function (box_) {
      box_.addEventListener("change", function () { shown.statuses[box_.value] = box_.checked; refilter(); });
    });
    function on(id, act) {
      var b = document.getElementById(id);
      if (b) { b.addEventListener("click", act); }
    }
    on("axis-zoom-in", function () { timeline.zoomIn(0.5); });
    on("axis-zoom-out", function () { timeline.zoomOut(0.5); });
    on("axis-window", storyDays);
    on("axis-all", function () { timeline.fit(); });

    var strip = document.getElementById("density");
    var stripFrom = from ? day(from) : first, stripTo = to ? day(to) : last;
    function density() {                     // events per day across the story's days (or the dates asked for)
      if (!strip || !stripFrom || !stripTo) { return; }
      var counts = {}, most = 0;
      view.get().forEach(function (item) {
        var k = byId[item.id].start;
        counts[k] = (counts[k] || 0) + 1;
        most = Math.max(most, counts[k]);
      });
      strip.textContent = "";
      var span = Math.round((stripTo - stripFrom) / DAY);
      if (span > 800) { span = 800; }
      for (var i = 0; i <= span; i++) {
        var d = new Date(stripFrom.getTime() + i * DAY).toISOString().slice(0, 10);
        var n = counts[d] || 0;
        var bar = textNode("span", "", {"data-day": d, "title": d + ": " + n + " event" + (n === 1 ? "" : "s")});
        bar.style.height = (n ? 4 + Math.round(26 * n / most) : 1) + "px";
        bar.addEventListener("click", (function (d0) {
          return function () { timeline.setWindow(day(d0).getTime() - 3 * DAY, day(d0).getTime() + 4 * DAY); };
        })(d));
        strip.appendChild(bar);
      }
    }
    density();
    box.dataset.shown = String(view.length);
  }

  fetch(box.dataset.src, {headers: {"Accept": "application/json"}})
    .then(function (r) { return r.json(); })
    .then(draw)
    .catch(function (err) {
      box.textContent = "The time axis could not be drawn: " + err;
    });
})();
