/* DKFDS's form components, started here with the page's own language:
   - the character limit: a live count under a long text field (without JavaScript the limit
     is stated as text);
   - the error summary: focused when the page opens, its links move to the field they name. */
(function () {
  "use strict";
  if (!window.DKFDS) {
    return;
  }
  document.querySelectorAll(".form-limit").forEach(function (group) {
    var texts = {
      character_remaining: group.dataset.characterRemaining,
      characters_remaining: group.dataset.charactersRemaining,
      character_too_many: group.dataset.characterTooMany,
      characters_too_many: group.dataset.charactersTooMany
    };
    new window.DKFDS.CharacterLimit(group, texts).init();
  });
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) {
    new window.DKFDS.ErrorSummary(summary).init();
  }
})();
