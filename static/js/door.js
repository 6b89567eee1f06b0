// The door app (/checkin/app/): today's list kept on the phone, check-ins by QR code or by
// search that wait on the phone while offline, walk-ins, and sending when back online.
// What the phone keeps lives under one localStorage key; it is wiped on sign-out (and by the
// server's Clear-Site-Data), when another member of staff signs in on the phone, and, for the
// list, at the end of the day. Check-ins not yet sent stay until they are sent.
(function () {
  "use strict";
  var KEY = "wps-door";
  var MAX_RESULTS = 25;
  var RETRY_MS = 30000;
  var BATCH = 50;
  var root = document.getElementById("door");
  if (!root) {
    return;
  }
  var texts = JSON.parse(document.getElementById("door-texts").textContent);
  var urls = JSON.parse(document.getElementById("door-urls").textContent);
  var user = root.dataset.user;
  var language = document.documentElement.lang;
  var plurals = new Intl.PluralRules(language);
  // The site's clock: 24 hours, Phnom Penh time, whatever the phone's own settings say.
  var clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: root.dataset.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  var KHMER_DIGITS = "០១២៣៤៥៦៧៨៩";
  var state = load();
  var signedOut = false;
  var sending = false;
  var shown = null;
  var leaving = false;

  function $(id) {
    return document.getElementById(id);
  }

  // Every number a Khmer reader sees is in Khmer digits; names and titles are left as written.
  function digits(text) {
    return language === "km"
      ? String(text).replace(/[0-9]/g, function (digit) {
          return KHMER_DIGITS[digit];
        })
      : String(text);
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      var value = values[name];
      if (value === undefined) {
        return all;
      }
      return typeof value === "number" ? digits(value) : value;
    });
  }

  // A sentence into `element`, each hole a span: a working group's title may be English on a
  // Khmer page (its Khmer is missing), and a screen reader must then read it as English.
  function fillWords(element, text, words) {
    element.textContent = "";
    text.split(/(%\(\w+\)s)/).forEach(function (part) {
      var hole = /^%\((\w+)\)s$/.exec(part);
      var word = hole && words[hole[1]];
      if (!word) {
        element.appendChild(document.createTextNode(part));
        return;
      }
      var span = document.createElement("span");
      span.textContent = word.text;
      if (word.lang) {
        span.lang = word.lang;
      }
      element.appendChild(span);
    });
  }

  // A sentence with a count, in the form the count takes in the page's language.
  function counted(key, count, values) {
    var forms = texts[key];
    var text = plurals.select(count) === "one" ? forms.one : forms.other;
    return fill(text, Object.assign({ count: count }, values));
  }

  function load() {
    var saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(KEY));
    } catch (error) {
      saved = null;
    }
    if (!saved || saved.user !== user) {
      saved = { user: user, list: null, log: [], csrf: root.dataset.csrf };
    }
    if (expire(saved)) {
      localStorage.setItem(KEY, JSON.stringify(saved));
    }
    return saved;
  }

  // At the end of the day the list goes, and so do the check-ins already sent.
  function expire(saved) {
    if (!saved.list || Date.parse(saved.list.expires_at) > Date.now()) {
      return false;
    }
    saved.list = null;
    saved.log = saved.log.filter(function (entry) {
      return entry.state === "waiting";
    });
    return true;
  }

  function save() {
    if (!leaving) {
      localStorage.setItem(KEY, JSON.stringify(state));
    }
  }

  function waiting() {
    return state.log.filter(function (entry) {
      return entry.state === "waiting";
    });
  }

  function announce(text) {
    var region = $("door-announce");
    region.textContent = "";
    // A fresh text node, so that a screen reader announces the same words twice in a row.
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  function dayLabel(day) {
    return texts["day_" + day] || String(day);
  }

  function localTime(iso) {
    return digits(clock.format(new Date(iso)));
  }

  function person(reference) {
    var people = state.list ? state.list.people : [];
    for (var i = 0; i < people.length; i += 1) {
      if (people[i].reference === reference) {
        return people[i];
      }
    }
    return null;
  }

  function entryFor(reference) {
    var day = state.list ? state.list.event.day : 0;
    var found = null;
    state.log.forEach(function (entry) {
      if (entry.reference === reference && entry.day === day && entry.state !== "conflict") {
        found = found || entry;
      }
    });
    return found;
  }

  // ---- the list ----------------------------------------------------------------------------

  function refresh() {
    if (!navigator.onLine) {
      return Promise.resolve();
    }
    var slug = state.list ? state.list.event.slug : "";
    var address = urls.people + (slug ? "?event=" + encodeURIComponent(slug) : "");
    return fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 403 || response.redirected) {
          signedOut = true;
          return null;
        }
        if (response.status === 404) {
          state.list = null;
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          signedOut = false;
          state.csrf = data.csrf_token;
          state.list = {
            event: data.event,
            events: data.events,
            expires_at: data.expires_at,
            people: data.people,
          };
        }
        save();
        render();
      })
      .catch(function () {
        render();
      });
  }

  // ---- search and a person's card -----------------------------------------------------------

  function words(text) {
    return (text || "").normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function search() {
    var query = $("door-query").value;
    var list = $("door-results");
    var matches = $("door-matches");
    list.textContent = "";
    var wanted = words(query);
    if (!query.trim()) {
      matches.textContent = "";
      return;
    }
    if (query.trim().length < 2) {
      matches.textContent = texts.type_more;
      return;
    }
    var found = (state.list ? state.list.people : []).filter(function (one) {
      var haystack = [one.name, one.name_khmer, one.organisation, one.reference]
        .join(" ")
        .normalize("NFC")
        .toLowerCase();
      return wanted.every(function (word) {
        return haystack.indexOf(word) !== -1;
      });
    });
    matches.textContent = found.length ? counted("matches", found.length) : texts.no_match;
    found.slice(0, MAX_RESULTS).forEach(function (one) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "checkin-result door-result";
      button.dataset.reference = one.reference;
      var name = document.createElement("span");
      name.className = "checkin-result-name";
      name.textContent = one.name;
      button.appendChild(name);
      if (one.name_khmer) {
        var khmer = document.createElement("span");
        khmer.lang = "km";
        khmer.textContent = " " + one.name_khmer;
        button.appendChild(khmer);
      }
      var meta = document.createElement("span");
      meta.className = "checkin-result-meta";
      meta.textContent = one.organisation + " · " + one.reference;
      button.appendChild(meta);
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function show(reference) {
    var one = person(reference);
    if (!one) {
      return;
    }
    shown = reference;
    var card = $("door-person");
    $("door-person-name").textContent = one.name;
    $("door-person-km").textContent = one.name_khmer;
    $("door-person-km").hidden = !one.name_khmer;
    $("door-person-organisation").textContent = one.organisation;
    $("door-person-details").textContent = texts["days_" + one.days] + " · " + one.reference;
    showGroup(one.group);
    var photos = $("door-person-photos");
    photos.textContent = "";
    var note = document.createElement("p");
    if (one.photos) {
      note.className = "photos-ok";
      note.textContent = texts.photos_ok;
    } else {
      note.className = "no-photos";
      note.setAttribute("role", "note");
      note.textContent = texts.no_photos;
      var why = document.createElement("span");
      why.className = "no-photos-why";
      why.textContent = texts.no_photos_why;
      note.appendChild(why);
    }
    photos.appendChild(note);
    updateCard();
    card.hidden = false;
    card.focus();
  }

  // Where to send the person: their working group and, if it has one, its room.
  function showGroup(group) {
    var line = $("door-person-group");
    line.hidden = !group;
    if (!group) {
      line.textContent = "";
      return;
    }
    fillWords(line, group.room ? texts.group_in_room : texts.group, {
      title: { text: group.title, lang: group.title_lang },
      room: { text: group.room, lang: group.room_lang },
    });
  }

  function updateCard() {
    var one = shown && person(shown);
    if (!one) {
      $("door-person").hidden = true;
      return;
    }
    var entry = entryFor(one.reference);
    var done = $("door-person-done");
    var button = $("door-check-in");
    if (entry && entry.state === "waiting") {
      done.textContent =
        "✓ " + fill(texts.checked_in_here, { day: dayLabel(entry.day), time: localTime(entry.at) });
    } else if (entry) {
      done.textContent = "✓ " + entry.message;
    } else if (one.checked_in_at) {
      done.textContent =
        "✓ " +
        fill(texts.checked_in_before, {
          day: dayLabel(state.list.event.day),
          time: localTime(one.checked_in_at),
        });
    } else {
      done.textContent = "";
    }
    done.hidden = !done.textContent;
    button.hidden = !!done.textContent;
    button.textContent = fill(texts.check_in, { day: dayLabel(state.list.event.day) });
  }

  function checkIn() {
    var one = person(shown);
    if (!one || entryFor(one.reference)) {
      return;
    }
    state.log.unshift({
      id: crypto.randomUUID(),
      kind: "checkin",
      event: state.list.event.slug,
      reference: one.reference,
      name: one.name,
      day: state.list.event.day,
      at: new Date().toISOString(),
      state: "waiting",
      message: "",
    });
    save();
    announce(fill(texts.queued, { name: one.name, day: dayLabel(state.list.event.day) }));
    render();
    send();
  }

  function addWalkIn(event) {
    event.preventDefault();
    var form = event.target;
    if (!state.list || !form.reportValidity()) {
      return;
    }
    var data = Object.fromEntries(new FormData(form));
    var name = [data.given_name.trim(), data.family_name.trim()].filter(Boolean).join(" ");
    state.log.unshift({
      id: crypto.randomUUID(),
      kind: "walk_in",
      event: state.list.event.slug,
      given_name: data.given_name,
      family_name: data.family_name,
      organisation: data.organisation,
      gender: data.gender,
      name: name,
      day: state.list.event.day,
      at: new Date().toISOString(),
      state: "waiting",
      message: "",
    });
    save();
    form.reset();
    announce(fill(texts.walk_in_queued, { name: name }));
    render();
    send();
  }

  // ---- sending ------------------------------------------------------------------------------

  function post(body) {
    return fetch(urls.sync, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": state.csrf,
      },
      body: JSON.stringify(body),
    });
  }

  function bodyFor(slug, entries) {
    var mine = entries.filter(function (entry) {
      return entry.event === slug;
    });
    return {
      event: slug,
      checkins: mine
        .filter(function (entry) {
          return entry.kind === "checkin";
        })
        .map(function (entry) {
          return { id: entry.id, reference: entry.reference, day: entry.day, at: entry.at };
        }),
      walk_ins: mine
        .filter(function (entry) {
          return entry.kind === "walk_in";
        })
        .map(function (entry) {
          return {
            id: entry.id,
            given_name: entry.given_name,
            family_name: entry.family_name,
            organisation: entry.organisation,
            gender: entry.gender,
            day: entry.day,
            at: entry.at,
          };
        }),
    };
  }

  // One request per event and per BATCH check-ins, so that each answers in a few seconds.
  function batches(queue) {
    var byEvent = {};
    queue.forEach(function (entry) {
      byEvent[entry.event] = byEvent[entry.event] || [];
      byEvent[entry.event].push(entry);
    });
    var all = [];
    Object.keys(byEvent).forEach(function (slug) {
      for (var start = 0; start < byEvent[slug].length; start += BATCH) {
        all.push(byEvent[slug].slice(start, start + BATCH));
      }
    });
    return all;
  }

  function sendEvent(body) {
    return post(body).then(function (response) {
      if (response.status !== 403) {
        return response;
      }
      // A new sign-in gives a new CSRF token: take it from the list, then try once more.
      return refresh().then(function () {
        return signedOut ? response : post(body);
      });
    });
  }

  function apply(results) {
    var counts = { recorded: 0, already: 0, conflict: 0 };
    results.forEach(function (result) {
      state.log.forEach(function (entry) {
        if (entry.id === result.id) {
          entry.state = result.outcome;
          entry.message = result.message;
          entry.reference = entry.reference || result.reference;
          counts[result.outcome] += 1;
        }
      });
    });
    save();
    var sent = { recorded: counts.recorded, already: counts.already };
    announce(counted("sent", counts.conflict, sent));
  }

  function send() {
    var queue = waiting();
    if (sending || signedOut || !navigator.onLine || !queue.length) {
      return Promise.resolve();
    }
    sending = true;
    setText("door-queue", texts.sending);
    var chain = Promise.resolve();
    batches(queue).forEach(function (batch) {
      chain = chain.then(function () {
        return sendEvent(bodyFor(batch[0].event, batch)).then(function (response) {
          if (response.status === 403 || response.redirected) {
            signedOut = true;
            return null;
          }
          return response.json().then(function (data) {
            if (!response.ok) {
              announce(data.error || texts.send_failed);
              return;
            }
            apply(data.results);
          });
        });
      });
    });
    return chain
      .catch(function () {
        announce(texts.send_failed);
      })
      .then(function () {
        sending = false;
        render();
        return refresh();
      });
  }

  // ---- the camera ---------------------------------------------------------------------------

  function referenceIn(text) {
    var link = /\/checkin\/([^/?#]+)\/?(?:[?#].*)?$/.exec(text.trim());
    var value = decodeURIComponent(link ? link[1] : text.trim()).toUpperCase();
    return /^[2-9A-Z]{6}$/.test(value) ? "WPS-" + value : value;
  }

  function found(text) {
    stopScan();
    var reference = referenceIn(text);
    var one = person(reference);
    if (!one) {
      announce(texts.unknown_code);
      return;
    }
    announce(fill(texts.found, { name: one.name }));
    show(reference);
  }

  function startScan() {
    $("door-scanner").hidden = false;
    announce(texts.scanning);
    window.doorCamera.start($("door-video"), urls.scanner, found, function () {
      stopScan();
      announce(texts.camera_refused);
    });
  }

  function stopScan() {
    window.doorCamera.stop($("door-video"));
    $("door-scanner").hidden = true;
  }

  // ---- what the page shows ------------------------------------------------------------------

  function renderEvents() {
    var events = state.list ? state.list.events : [];
    $("door-event-choice").hidden = events.length < 2;
    var select = $("door-event");
    select.textContent = "";
    events.forEach(function (one) {
      var option = document.createElement("option");
      option.value = one.slug;
      option.textContent = one.title;
      option.selected = one.slug === state.list.event.slug;
      select.appendChild(option);
    });
  }

  function renderLog() {
    var log = $("door-log");
    log.textContent = "";
    state.log.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "door-log-" + entry.state;
      var title = document.createElement("strong");
      title.textContent = entry.name + (entry.kind === "walk_in" ? " (" + texts.walk_in + ")" : "");
      item.appendChild(title);
      var label = { waiting: texts.waiting_one, recorded: texts.recorded, already: texts.already };
      var said = entry.state === "waiting" ? texts.waiting_one : entry.message;
      var detail = document.createElement("span");
      detail.className = "door-log-detail";
      detail.textContent =
        (entry.state === "conflict" ? texts.conflict : label[entry.state]) +
        (entry.state === "waiting" ? "" : ": " + said);
      item.appendChild(detail);
      log.appendChild(item);
    });
  }

  // The state line is a live region: it is written only when its words change, so that a screen
  // reader announces changes, not every redraw.
  function setText(id, text) {
    if ($(id).textContent !== text) {
      $(id).textContent = text;
    }
  }

  function render() {
    var count = waiting().length;
    setText("door-connection", navigator.onLine ? texts.online : texts.offline);
    setText(
      "door-list",
      state.list
        ? counted("kept", state.list.people.length, { event: state.list.event.title })
        : texts.no_list,
    );
    setText(
      "door-queue",
      signedOut ? texts.signed_out : count ? counted("waiting", count) : texts.all_sent,
    );
    $("door").classList.toggle("door-offline", !navigator.onLine);
    renderEvents();
    renderLog();
    updateCard();
  }

  // ---- wiring -------------------------------------------------------------------------------

  $("door-search").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  $("door-query").addEventListener("input", search);
  $("door-results").addEventListener("click", function (event) {
    var button = event.target.closest("[data-reference]");
    if (button) {
      show(button.dataset.reference);
    }
  });
  $("door-check-in").addEventListener("click", checkIn);
  $("door-walk-in").addEventListener("submit", addWalkIn);
  $("door-send").addEventListener("click", send);
  $("door-scan-start").addEventListener("click", startScan);
  $("door-scan-stop").addEventListener("click", stopScan);
  $("door-event").addEventListener("change", function (event) {
    state.list.event = { slug: event.target.value, title: "", day: state.list.event.day };
    refresh();
  });
  $("door-sign-out").addEventListener("submit", function (event) {
    var count = waiting().length;
    if (count && !window.confirm(counted("unsent_sign_out", count))) {
      event.preventDefault();
      return;
    }
    leaving = true;
    localStorage.removeItem(KEY);
  });
  window.addEventListener("online", function () {
    render();
    send().then(refresh);
  });
  window.addEventListener("offline", render);
  window.setInterval(function () {
    if (expire(state)) {
      save();
      render();
    }
    send();
  }, RETRY_MS);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(urls.worker, { scope: urls.scope }).catch(function () {});
  }
  render();
  // Opened offline at a participant's check-in address (their QR code, read by the phone's own
  // camera), the service worker gave this app: it shows that person.
  var opened = /^\/checkin\/(WPS-[2-9A-Z]{6})\/$/i.exec(window.location.pathname);
  if (opened) {
    found(opened[1]);
  }
  refresh().then(send);
})();
