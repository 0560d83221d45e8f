// The guide's page: xterm.js (static/xterm/, from npm) draws the tab's app, which runs on the server and speaks
// over a websocket. The terminal is made in screen-reader mode, so its rows are text in the page for a screen
// reader, and what changes is said politely. The websocket speaks textual-serve's protocol: JSON lists from
// here (["stdin", text], ["resize", {width, height}], ["focus"], ["blur"]); from the server, the screen's bytes,
// and JSON lists for a download ready to fetch.
(function () {
  "use strict";

  var element = document.getElementById("terminal");
  var page = new URL(".", window.location.href);

  // The app asks for 40 columns at least; Roboto Mono is 0.6 em wide. 44 columns leave room to spare.
  var fontSize = Math.max(12, Math.min(16, Math.floor(window.innerWidth / (0.6 * 44))));

  // A finger needs targets 24 px high at least (WCAG 2.5.8): on a touch screen tall enough to keep 20 rows, each
  // row is made that high (Roboto Mono's cell is about 1.17 em).
  function lineHeight() {
    var rowHeight = 25;
    if (window.matchMedia("(pointer: coarse)").matches && window.innerHeight / rowHeight >= 20) {
      return Math.max(1, rowHeight / (1.17 * fontSize));
    }
    return 1;
  }

  // The server closes a session with a code that says why. 1009 is a message over the server's size (one long
  // paste); 4004, an app grown over its memory cap (many of them).
  var reasons = {
    1000: "ended", 1009: "too-big", 4001: "busy", 4002: "idle", 4003: "stopping", 4004: "too-big", 4005: "failed",
    4006: "crowded"
  };

  // A saved checklist arrives as a download; a link is clicked rather than a window opened, which a phone blocks.
  function download(key) {
    if (typeof key !== "string" || !/^[0-9a-f]{32}$/.test(key)) {
      return;
    }
    var link = document.createElement("a");
    link.href = new URL("download/" + key, page).href;
    link.download = "";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function decodeBase64(data) {
    var bytes = Uint8Array.from(window.atob(data), function (letter) {
      return letter.charCodeAt(0);
    });
    return new TextDecoder("utf-8").decode(bytes);
  }

  // In screen-reader mode xterm.js takes typed text from key presses only (a phone's keyboard goes through its
  // composition, which it still reads). Text that comes with no key at all (dictation, a braille display, an
  // assistive keyboard) it would drop: that is passed on here, once.
  function passOnTextWithoutKeys(terminal) {
    var keyed = false;
    document.addEventListener("keydown", function () {
      keyed = true;
    }, true);
    document.addEventListener("input", function (event) {
      if (event.target === terminal.textarea && event.inputType === "insertText" && event.data &&
          !event.isComposing && !keyed) {
        terminal.input(event.data, true);
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
  function sayNotices(terminal) {
    terminal.parser.registerOscHandler(NOTICE, function (data) {
      var said = document.getElementById("said");
      try {
        var words = decodeBase64(data).slice(0, 500);
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

  // "Copy it" sends the checklist in OSC 52 ("c;" and base64), as to any terminal. The page writes it to the
  // clipboard; a request to read the clipboard ("?") is never answered.
  function copyToClipboard(terminal) {
    terminal.parser.registerOscHandler(52, function (data) {
      var text = data.slice(data.indexOf(";") + 1);
      if (text !== "?" && navigator.clipboard) {
        try {
          navigator.clipboard.writeText(decodeBase64(text)).catch(function () {});
        } catch (error) {
          // not base64: nothing is copied
        }
      }
      return true;
    });
  }

  function connect(terminal, fit) {
    var size = fit.proposeDimensions() || {cols: 80, rows: 24};
    var address = new URL("ws", page);
    address.protocol = page.protocol === "https:" ? "wss:" : "ws:";
    address.search = "?width=" + size.cols + "&height=" + size.rows;
    var socket = new WebSocket(address.href);
    socket.binaryType = "arraybuffer";

    function send(message) {
      if (socket.readyState === socket.OPEN) {  // the instance's own constant: a page may have wrapped WebSocket
        socket.send(JSON.stringify(message));
      }
    }

    socket.addEventListener("open", function () {
      fit.fit();
      send(["resize", {width: terminal.cols, height: terminal.rows}]);
    });
    socket.addEventListener("close", function (event) {
      document.body.dataset.closed = reasons[event.code] || "ended";
      document.body.classList.add("-closed");
    });
    socket.addEventListener("message", function (event) {
      if (typeof event.data === "string") {
        var message;
        try {
          message = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (Array.isArray(message) && message[0] === "deliver_file_start") {
          download(message[1]);
        }
        return;  // a pong, or a link to open: the guide opens nothing but its downloads
      }
      var bytes = new Uint8Array(event.data);
      terminal.write(bytes);
      if (bytes.length > 10) {
        document.body.classList.add("-first-byte");  // the splash gives way to the app's first frame
      }
    });

    terminal.onData(function (text) {
      send(["stdin", text]);
    });
    terminal.onResize(function (size) {
      send(["resize", {width: size.cols, height: size.rows}]);
    });
    terminal.textarea.addEventListener("focus", function () {
      send(["focus"]);
    });
    terminal.textarea.addEventListener("blur", function () {
      send(["blur"]);
    });
    window.addEventListener("resize", function () {
      fit.fit();
    });
  }

  function start() {
    var terminal = new window.Terminal({
      allowProposedApi: true,  // the Unicode 11 widths are a proposed API
      fontFamily: "'Roboto Mono', monospace",
      fontSize: fontSize,
      lineHeight: lineHeight(),
      scrollback: 0,
      screenReaderMode: true
    });
    var fit = new window.FitAddon.FitAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(new window.Unicode11Addon.Unicode11Addon());
    terminal.unicode.activeVersion = "11";  // emoji two cells wide, as the app counts them
    sayNotices(terminal);
    copyToClipboard(terminal);
    terminal.open(element);
    fit.fit();
    passOnTextWithoutKeys(terminal);
    // xterm.js speaks what the app draws at once, over whatever the screen reader was saying; a whole new screen
    // it only names as too much to announce. Politely, the reader finishes first.
    var spoken = element.querySelector(".live-region");
    if (spoken) {
      spoken.setAttribute("aria-live", "polite");
    }
    announceTitles();
    connect(terminal, fit);
    // With a keyboard and a mouse, keys work at once; a phone's keyboard waits for a tap on the guide.
    if (window.matchMedia("(pointer: fine)").matches) {
      terminal.focus();
    }
  }

  document.getElementById("again").addEventListener("click", function () {
    window.location.reload();
  });

  // Start once the font is here, so the terminal measures its cells in the font it will draw with.
  window.addEventListener("load", function () {
    var ready = document.fonts ? document.fonts.load(fontSize + "px 'Roboto Mono'") : Promise.resolve();
    ready.catch(function () {}).then(start);
  });
})();
