import { useState, type FormEvent } from "react";
import { ProblemMessage } from "../components/ProblemMessage";
import { useSessionState } from "../session/SessionContext";

/** Sign-in with an API key; it is kept in this tab's session storage until sign-out. */
export function SignInPage() {
  const { signIn, problem, checking } = useSessionState();
  const [key, setKey] = useState("");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) await signIn(key.trim());
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand">
          <Logo /> TrustedOSS Scans
        </div>
        <h1 id="signin-title">Sign in</h1>
        <label className="field">
          <span>API key</span>
          <input
            type="password"
            name="api-key"
            autoComplete="off"
            spellCheck={false}
            placeholder="tos_…"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            autoFocus
            required
          />
        </label>
        <p className="help">
          Your key is kept in this browser tab only (session storage) and forgotten when you sign out or close the tab. A super admin issues keys
          (<code>POST /v1/users/&#123;id&#125;/api-keys</code>).
        </p>
        <ProblemMessage error={problem} />
        <button type="submit" className="button primary wide" disabled={checking || !key.trim()}>
          {checking ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

export function Logo() {
  return (
    <svg className="logo" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M12 2 3 6v6c0 5 3.8 9.4 9 10 5.2-.6 9-5 9-10V6l-9-4Z" fill="currentColor" opacity=".18" />
      <path d="M12 2 3 6v6c0 5 3.8 9.4 9 10 5.2-.6 9-5 9-10V6l-9-4Z" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="m8.5 12.2 2.4 2.4 4.6-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
