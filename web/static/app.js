// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // The 13-digit corporate number: the first digit checks the other twelve.
  // As the server reads it: NFKC first, so that full-width digits from an IME count.
  function plainDigits(text) {
    return text.normalize('NFKC').replace(/[\s\u2010-\u2015\u2212\u30fc\uff70-]/g, '');
  }
  function corporateNumberValid(text) {
    var digits = plainDigits(text);
    if (!/^\d{13}$/.test(digits)) return false;
    var sum = 0;
    for (var n = 1; n <= 12; n++) {
      var d = Number(digits.charAt(13 - n));
      sum += d * (n % 2 === 1 ? 1 : 2);
    }
    return Number(digits.charAt(0)) === 9 - (sum % 9);
  }

  document.querySelectorAll('input[data-corporate-number]').forEach(function (input) {
    var check = document.getElementById(input.id + '_check');
    if (!check) return;
    input.addEventListener('input', function () {
      var digits = plainDigits(input.value);
      if (digits.length < 13) { check.textContent = ''; check.removeAttribute('data-state'); return; }
      var ok = corporateNumberValid(input.value);
      check.textContent = ok ? check.getAttribute('data-ok') : check.getAttribute('data-bad');
      check.setAttribute('data-state', ok ? 'ok' : 'bad');
      input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    });
  });

  // Live progress while answering (the server's count stays the authority).
  var form = document.querySelector('form[data-answer-form]');
  var progress = document.getElementById('progress');
  var progressText = document.getElementById('progress-text');
  if (form && progress) {
    var base = Number(progress.value);
    var initially = form.querySelectorAll('fieldset.question[data-answered="yes"]').length;
    form.addEventListener('change', function () {
      var now = 0;
      form.querySelectorAll('fieldset.question').forEach(function (set) {
        if (set.querySelector('input[type="radio"]:checked')) now++;
      });
      var value = base - initially + now;
      progress.value = value;
      if (progressText) {
        progressText.textContent = (progressText.getAttribute('data-format') || '{n} / {m}')
          .replace('{n}', value).replace('{m}', progress.getAttribute('data-total'));
      }
    });
  }

  // Leaving a page with unsaved answers warns (issue 15); saving through the form does not.
  document.querySelectorAll('form[data-warn-unsaved]').forEach(function (f) {
    var dirty = false;
    f.addEventListener('change', function () { dirty = true; });
    f.addEventListener('input', function () { dirty = true; });
    f.addEventListener('submit', function () { dirty = false; });
    window.addEventListener('beforeunload', function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
  });

  // Confirm before irreversible actions.
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (event) {
      if (!window.confirm(f.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // Filters apply as soon as a select changes.
  document.querySelectorAll('form[data-autosubmit] select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });

  // Invitation links: show the whole address, ready to copy.
  document.querySelectorAll('[data-origin-link]').forEach(function (code) {
    code.textContent = window.location.origin + code.getAttribute('data-origin-link');
  });
})();
