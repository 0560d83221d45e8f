// Runs after textual.js has set itself up and before the page has loaded, so that textual.js starts with:
// a font size that gives a phone enough columns, the websocket's address relative to this page (so the
// guide works behind a proxy at any path), downloads that arrive as downloads (a phone blocks the pop-up
// window textual.js would open), and the reason a session closed, in the page's own words.
(function () {
  "use strict";

  // The app asks for 40 columns at least; Roboto Mono is 0.6 em wide. 44 columns leave room to spare.
  var terminal = document.getElementById("terminal");
  var size = Math.floor(window.innerWidth / (0.6 * 44));
  terminal.dataset.fontSize = String(Math.max(12, Math.min(16, size)));

  var page = new URL(".", window.location.href);
  var socket = new URL("ws", page);
  socket.protocol = page.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl = socket.href;

  // textual.js opens a new window at /download/KEY for a file from the app; the guide opens nothing else.
  window.open = function (address) {
    var found = /\/download\/([0-9a-f]{32})$/.exec(new URL(address, window.location.href).pathname);
    if (found) {
      var link = document.createElement("a");
      link.href = new URL("download/" + found[1], page).href;
      link.download = "";
      document.body.appendChild(link);
      link.click();
      link.remove();
    }
    return null;
  };

  // The server closes a session with a code that says why; textual.js only marks the page closed. 1009 is a
  // message over the server's size (one long paste); 4004, an app grown over its memory cap (many of them).
  var reasons = {
    1000: "ended", 1009: "too-big", 4001: "busy", 4002: "idle", 4003: "stopping", 4004: "too-big", 4005: "failed",
    4006: "crowded"
  };
  var Native = window.WebSocket;
  window.WebSocket = function (address, protocols) {
    var socket = protocols === undefined ? new Native(address) : new Native(address, protocols);
    socket.addEventListener("close", function (event) {
      document.body.dataset.closed = reasons[event.code] || "ended";
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;

  document.getElementById("again").addEventListener("click", function () {
    window.location.reload();
  });

  // xterm.js's screen-reader mode puts the screen's rows in the page as text, where a screen reader reads them,
  // and announces what changes. textual.js turns it off and offers no setting, nor a way to reach its terminal.
  // It does set its own "fitAddon" right after it makes the terminal: for that one assignment, a setter on
  // Object's prototype is handed the object that holds the terminal, then goes away. (A test checks that the
  // rows reach the accessibility tree, so a textual-serve that works otherwise is noticed.)
  function whenTerminalMade(then) {
    Object.defineProperty(Object.prototype, "fitAddon", {
      configurable: true,
      set: function (value) {
        delete Object.prototype.fitAddon;
        Object.defineProperty(this, "fitAddon", {value: value, writable: true, configurable: true, enumerable: true});
        if (this.terminal && this.terminal.options) {
          then(this.terminal);
        }
      }
    });
  }

  // In screen-reader mode xterm.js takes typed text from key presses only (a phone's keyboard goes through its
  // composition, which it still reads). Text that comes with no key at all (dictation, a braille display, an
  // assistive keyboard) it would drop: that is passed on here, once.
  function passOnTextWithoutKeys(made) {
    var keyed = false;
    document.addEventListener("keydown", function () {
      keyed = true;
    }, true);
    document.addEventListener("input", function (event) {
      var ours = event.target instanceof Element && event.target.classList.contains("xterm-helper-textarea");
      if (ours && event.inputType === "insertText" && event.data && !event.isComposing && !keyed) {
        made.input(event.data, true);
      }
      keyed = false;
    }, true);
    document.addEventListener("keyup", function () {
      keyed = false;
    }, true);
  }

  // The app's top row names the screen and the section ("Second opinion guide — Gather your records"). When it
  // changes, it is said politely: a new section is announced by its name, not as too much to announce.
  var titleSaid = "";  // null: a notice came before the rows were read; the screen then showing counts as said
  function topTitle() {
    var top = document.querySelector(".xterm-accessibility-tree [role=listitem]");
    return top ? top.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function announceTitles() {
    var rows = document.querySelector(".xterm-accessibility-tree");
    var said = document.getElementById("said");
    if (!rows || !said || !window.MutationObserver) {
      return;
    }
    var waiting = null;
    new MutationObserver(function () {
      clearTimeout(waiting);
      waiting = setTimeout(function () {
        var title = topTitle();
        if (title && titleSaid === null) {
          titleSaid = title;
        } else if (title && title !== titleSaid) {
          titleSaid = title;
          said.textContent = title;
        }
      }, 300);  // once the frame is drawn, not at each of its rows
    }).observe(rows, {childList: true, subtree: true, characterData: true});
  }

  // The app sends each notice's words in a private OSC sequence (web/announce.py), base64 UTF-8; they are said
  // in the same polite status region as a new screen's name, and never drawn. The screen's name as it is now
  // counts as said: a notice is not talked over by the name of a screen that has not changed.
  var NOTICE = 7701;
  function sayNotices(made) {
    if (!made.parser || !made.parser.registerOscHandler) {
      return;
    }
    made.parser.registerOscHandler(NOTICE, function (data) {
      var said = document.getElementById("said");
      try {
        var bytes = Uint8Array.from(window.atob(data), function (letter) {
          return letter.charCodeAt(0);
        });
        var words = new TextDecoder("utf-8").decode(bytes).slice(0, 500);
        if (said && words) {
          titleSaid = topTitle() || null;
          said.textContent = words;
        }
      } catch (error) {
        // not a notice of ours: nothing is said
      }
      return true;
    });
  }

  // Start once the font is here, so the terminal measures its cells in the font it will draw with.
  var start = window.onload;
  window.onload = function (event) {
    var ready = document.fonts ? document.fonts.load("16px 'Roboto Mono'") : Promise.resolve();
    ready.catch(function () {}).then(function () {
      whenTerminalMade(function (made) {
        made.options.screenReaderMode = true;
        passOnTextWithoutKeys(made);
        sayNotices(made);
        // A finger needs targets 24 px high at least (WCAG 2.5.8): on a touch screen tall enough to keep 20
        // rows, each row is made that high (Roboto Mono's cell is about 1.17 em).
        var rowHeight = 25;
        if (window.matchMedia("(pointer: coarse)").matches && window.innerHeight / rowHeight >= 20) {
          made.options.lineHeight = Math.max(1, rowHeight / (1.17 * Number(terminal.dataset.fontSize)));
        }
      });
      try {
        start(event);
      } finally {
        delete Object.prototype.fitAddon;  // already gone unless textual.js changed
      }
      // xterm.js speaks what the app draws at once, over whatever the screen reader was saying; a whole new
      // screen it only names as too much to announce. Politely, the reader finishes first.
      var spoken = document.querySelector(".xterm .live-region");
      if (spoken) {
        spoken.setAttribute("aria-live", "polite");
      }
      announceTitles();
      // With a keyboard and a mouse, keys work at once; a phone's keyboard waits for a tap on the guide.
      var input = document.querySelector(".xterm-helper-textarea");
      if (input && window.matchMedia("(pointer: fine)").matches) {
        input.focus();
      }
    });
  };
})();
