// The door app's camera: reads a QR code from the back camera, with the browser's own
// BarcodeDetector where it reads QR codes (Android Chrome), else with jsQR, loaded only then.
// door.js calls window.doorCamera.start(video, scannerUrl, onText, onFailure) and .stop(video).
(function () {
  "use strict";
  var stream = null;
  var PAUSE_MS = 200;

  function loadScanner(address) {
    if (window.jsQR) {
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = address;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function makeDetector() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    return window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        return formats.indexOf("qr_code") === -1
          ? null
          : new window.BarcodeDetector({ formats: ["qr_code"] });
      })
      .catch(function () {
        return null;
      });
  }

  function readFrame(detector, video) {
    if (detector) {
      return detector.detect(video).then(function (codes) {
        return codes.length ? codes[0].rawValue : null;
      });
    }
    var canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (!canvas.width) {
      return Promise.resolve(null);
    }
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height);
    return Promise.resolve(code ? code.data : null);
  }

  function scan(detector, video, onText) {
    if (!stream) {
      return;
    }
    readFrame(detector, video).then(function (text) {
      if (text) {
        onText(text);
      } else {
        window.setTimeout(function () {
          scan(detector, video, onText);
        }, PAUSE_MS);
      }
    });
  }

  function start(video, scannerUrl, onText, onFailure) {
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return Promise.all([video.play(), makeDetector()]);
      })
      .then(function (ready) {
        var detector = ready[1];
        return (detector ? Promise.resolve() : loadScanner(scannerUrl)).then(function () {
          scan(detector, video, onText);
        });
      })
      .catch(onFailure);
  }

  function stop(video) {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    }
    stream = null;
    video.srcObject = null;
  }

  window.doorCamera = { start: start, stop: stop };
})();
