// Parley: on the article page, bring the evidence span to the middle of the window.
(function () {
  var mark = document.getElementById("evidence");
  if (mark) {
    mark.scrollIntoView({block: "center"});
  }
})();
