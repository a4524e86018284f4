// Log in and register: two forms behind two tabs. Registering logs the new user in.

export class AuthView {
  /**
   * @param {import('./api.js').Api} api
   * @param {(session: {token: string, user: object}) => void} onLoggedIn
   */
  constructor(api, onLoggedIn) {
    this.api = api;
    this.onLoggedIn = onLoggedIn;
    this.root = document.getElementById('auth-view');
    this.tabs = [document.getElementById('tab-login'), document.getElementById('tab-register')];
    this.loginForm = document.getElementById('login-form');
    this.registerForm = document.getElementById('register-form');
    for (const tab of this.tabs) {
      tab.addEventListener('click', () => this.#select(tab));
      tab.addEventListener('keydown', (e) => this.#arrowKeys(e));
    }
    this.loginForm.addEventListener('submit', (e) => this.#submit(e, this.loginForm, () => this.#login()));
    this.registerForm.addEventListener('submit', (e) => this.#submit(e, this.registerForm, () => this.#register()));
  }

  show(notice = '') {
    this.root.hidden = false;
    document.getElementById('login-error').textContent = notice;
    document.getElementById('login-username').focus();
  }

  hide() {
    this.root.hidden = true;
  }

  #select(tab) {
    for (const t of this.tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    tab.focus();
  }

  #arrowKeys(event) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const next = this.tabs[(this.tabs.indexOf(event.target) + 1) % this.tabs.length];
    this.#select(next);
  }

  async #submit(event, form, action) {
    event.preventDefault();
    const error = form.querySelector('.form-error');
    const invalid = [...form.elements].find((el) => el.willValidate && !el.checkValidity());
    if (invalid) {
      error.textContent = `${form.querySelector(`label[for="${invalid.id}"]`).textContent}: ${invalid.validationMessage}`;
      invalid.focus();
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }

  async #login() {
    const username = this.loginForm.elements.username.value.trim();
    const answer = await this.api.login(username, this.loginForm.elements.password.value);
    this.loginForm.reset();
    this.onLoggedIn({ token: answer.access_token, user: answer.user });
  }

  async #register() {
    const fields = this.registerForm.elements;
    const username = fields.username.value.trim();
    const password = fields.password.value;
    await this.api.register({ username, email: fields.email.value.trim(), password });
    const answer = await this.api.login(username, password);
    this.registerForm.reset();
    this.onLoggedIn({ token: answer.access_token, user: answer.user });
  }
}
