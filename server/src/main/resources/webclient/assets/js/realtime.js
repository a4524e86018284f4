// The Socket.IO connection (the official client, served by our server as /socket.io/socket.io.min.js).
// It reconnects by itself; a reconnection the server recovered (decision 34) has missed nothing, any
// other one is followed by a catch-up of the conversations on screen.

const ACK_TIMEOUT_MS = 10_000;

export class Realtime extends EventTarget {
  /**
   * @param {string} token
   * @param {Record<string, (payload: any) => void>} handlers server event name -> handler
   */
  constructor(token, handlers) {
    super();
    this.everConnected = false;
    this.socket = globalThis.io({
      auth: { token },
      transports: ['websocket', 'polling'], // WebSocket first; long-polling where it is blocked
      tryAllTransports: true,
    });
    for (const [event, handler] of Object.entries(handlers)) this.socket.on(event, handler);
    this.socket.on('connect', () => this.#connected());
    this.socket.on('disconnect', (reason) => this.#disconnected(reason));
    this.socket.on('connect_error', (error) => this.#refused(error));
    this.socket.io.on('reconnect_attempt', () => this.#state('reconnecting'));
    // The browser knows at once when the network is gone; a dead WebSocket may otherwise look alive
    // until the ping timeout (45 s). Close it: the client shows it and reconnects once it can.
    addEventListener('offline', this.onOffline = () => this.socket.io.engine?.close());
  }

  get connected() { return this.socket.connected; }

  /** Emits with an acknowledgement; resolves with the answer, rejects with {@code message} on failure. */
  async request(event, payload) {
    const answer = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload ?? {});
    if (!answer?.ok) throw new Error(answer?.message ?? 'The server refused it');
    return answer;
  }

  /** Fire and forget, never queued while disconnected (typing notices). */
  volatile(event, payload) {
    if (this.socket.connected) this.socket.volatile.emit(event, payload);
  }

  close() {
    removeEventListener('offline', this.onOffline);
    this.socket.disconnect();
  }

  #connected() {
    const first = !this.everConnected;
    this.everConnected = true;
    this.#state('connected');
    this.dispatchEvent(new CustomEvent('ready', { detail: { first, recovered: this.socket.recovered } }));
  }

  #disconnected(reason) {
    this.#state('reconnecting');
    // The server closed this socket (e.g. its node shuts down): the client does not retry by itself.
    if (reason === 'io server disconnect') this.socket.connect();
  }

  #refused(error) {
    if (this.socket.active) return; // a transport failure: the client retries by itself
    // Refused by the server (token revoked or expired, too many sockets): tell the app, which checks the
    // token over REST and logs out or retries.
    this.#state('offline');
    this.dispatchEvent(new CustomEvent('refused', { detail: error }));
  }

  #state(state) {
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
