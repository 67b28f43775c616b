// SPDX-License-Identifier: LGPL-2.1-or-later
// glwindowsrc-share's page: receives the window over WebRTC (the tool
// makes the offer; signalling on the WebSocket beside this page) and sends
// the pointer, the wheel and keys back over the same WebSocket, in the
// video's own pixels. Plain JavaScript, no build step, nothing fetched from
// elsewhere.
'use strict';

(function () {
  const video = document.getElementById('view');
  const statusText = document.getElementById('status');
  const hint = document.getElementById('hint');
  const wsUrl = new URL('ws', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';

  let control = false;
  let ended = false;
  let remoteSet = false;
  const pendingCandidates = [];

  function setState(state, text) {
    document.body.dataset.state = state;
    statusText.textContent = text;
  }

  function setControl(value) {
    control = value;
    document.body.dataset.control = String(value);
    hint.textContent = value ? 'Click the picture to drive the window.'
      : 'View only.';
  }

  const ws = new WebSocket(wsUrl);
  // No STUN, no TURN: the sharing program is reached directly.
  const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
  // For the developer tools and the tests (getStats()).
  window.shareConnection = pc;

  function send(message) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  pc.ontrack = (event) => {
    video.srcObject = event.streams[0] || new MediaStream([event.track]);
    video.play().catch(() => {});
  };
  pc.onicecandidate = (event) => {
    if (event.candidate && event.candidate.candidate) {
      send({ type: 'ice', candidate: event.candidate.candidate,
        sdpMLineIndex: event.candidate.sdpMLineIndex || 0 });
    }
  };
  // For whoever looks (a test, the developer tools): the ICE and DTLS
  // progress.
  pc.oniceconnectionstatechange = () => {
    document.body.dataset.ice = pc.iceConnectionState;
  };
  pc.onconnectionstatechange = () => {
    document.body.dataset.connection = pc.connectionState;
    if (pc.connectionState === 'failed' && !ended) {
      setState('error', 'The video connection failed.');
    }
  };
  video.addEventListener('playing', () => {
    if (!ended) setState('playing', 'Live');
  });

  async function onOffer(sdp) {
    await pc.setRemoteDescription({ type: 'offer', sdp });
    remoteSet = true;
    for (const c of pendingCandidates.splice(0)) await pc.addIceCandidate(c);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    send({ type: 'answer', sdp: answer.sdp });
  }

  function onEnd(reason) {
    ended = true;
    setControl(false);
    hint.textContent = '';
    setState('ended', reason || 'The stream has ended.');
    pc.close();
  }

  ws.onmessage = (event) => {
    let msg;
    try { msg = JSON.parse(event.data); } catch (e) { return; }
    if (msg.type === 'offer') {
      onOffer(msg.sdp).catch((err) => setState('error', `WebRTC: ${err}`));
    } else if (msg.type === 'ice') {
      const c = { candidate: msg.candidate, sdpMLineIndex: msg.sdpMLineIndex };
      if (remoteSet) pc.addIceCandidate(c).catch(() => {});
      else pendingCandidates.push(c);
    } else if (msg.type === 'hello' || msg.type === 'control') {
      setControl(Boolean(msg.control));
    } else if (msg.type === 'end') {
      onEnd(msg.reason);
    }
  };
  ws.onclose = () => {
    if (!ended) {
      setControl(false);
      setState('closed', 'The connection to the sharing program was closed.');
      pc.close();
    }
  };

  // ---- input: the element's pixels to the video's ----------------------

  // Where the page point falls in the video's own pixels, through the
  // scaling and the centring of object-fit: contain; null outside it.
  function videoPoint(event) {
    const vw = video.videoWidth;
    const vh = video.videoHeight;
    if (!vw || !vh) return null;
    const r = video.getBoundingClientRect();
    const scale = Math.min(r.width / vw, r.height / vh);
    const x = (event.clientX - r.left - (r.width - vw * scale) / 2) / scale;
    const y = (event.clientY - r.top - (r.height - vh * scale) / 2) / scale;
    if (x < 0 || y < 0 || x >= vw || y >= vh) return null;
    return { x, y };
  }

  // Pointer moves: at most one per display frame, the latest.
  let pendingMove = null;
  function flushMove() {
    if (pendingMove) send(pendingMove);
    pendingMove = null;
  }

  video.addEventListener('pointermove', (event) => {
    if (!control) return;
    const p = videoPoint(event);
    if (!p) return;
    if (!pendingMove) requestAnimationFrame(flushMove);
    pendingMove = { type: 'pointer', action: 'move', x: p.x, y: p.y };
  });

  function button(event, action) {
    if (!control) return;
    const p = videoPoint(event);
    if (!p) return;
    event.preventDefault();
    if (action === 'down') video.focus();
    flushMove();
    // DOM buttons 0, 1, 2 (left, middle, right) are X's 1, 2, 3.
    const b = [1, 2, 3, 8, 9][event.button];
    if (b) send({ type: 'pointer', action, x: p.x, y: p.y, button: b });
  }
  video.addEventListener('pointerdown', (event) => button(event, 'down'));
  video.addEventListener('pointerup', (event) => button(event, 'up'));
  video.addEventListener('contextmenu', (event) => {
    if (control) event.preventDefault();
  });

  video.addEventListener('wheel', (event) => {
    if (!control) return;
    const p = videoPoint(event);
    if (!p) return;
    event.preventDefault();
    // One step per event, GStreamer's sign: positive is up and left.
    send({ type: 'wheel', x: p.x, y: p.y, dx: -Math.sign(event.deltaX),
      dy: -Math.sign(event.deltaY) });
  }, { passive: false });

  // DOM key names to X keysym names; one character is sent as itself.
  const KEYSYMS = {
    Enter: 'Return', Backspace: 'BackSpace', Tab: 'Tab', Escape: 'Escape',
    ' ': 'space', ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up',
    ArrowDown: 'Down', Delete: 'Delete', Insert: 'Insert', Home: 'Home',
    End: 'End', PageUp: 'Prior', PageDown: 'Next', CapsLock: 'Caps_Lock',
    ContextMenu: 'Menu', Shift: 'Shift', Control: 'Control', Alt: 'Alt',
    Meta: 'Super',
  };
  function keysym(event) {
    const name = KEYSYMS[event.key];
    if (name && ['Shift', 'Control', 'Alt', 'Super'].includes(name)) {
      return name + (event.location === 2 ? '_R' : '_L');
    }
    if (name) return name;
    if (/^F([1-9]|1[0-2])$/.test(event.key)) return event.key;
    if ([...event.key].length === 1) return event.key;
    return null;
  }
  function key(event, action) {
    if (!control) return;
    const name = keysym(event);
    if (!name) return;
    event.preventDefault();
    send({ type: 'key', action, key: name });
  }
  video.addEventListener('keydown', (event) => key(event, 'down'));
  video.addEventListener('keyup', (event) => key(event, 'up'));
}());
