import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { messageOf } from '../api.js';
import { useSignIn } from '../session.js';

/** Only addresses of this console: `next` never leads off the site. */
const safeNext = (next: string | null): string =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : '/queue';

export function SignInPage() {
  const [key, setKey] = useState('');
  const signIn = useSignIn();
  const [, navigate] = useLocation();
  const search = useSearch();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    signIn.mutate(key, {
      onSuccess: () =>
        navigate(safeNext(new URLSearchParams(search).get('next')), { replace: true }),
    });
  };
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Claimgraph</h1>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="key"
          type="password"
          autoComplete="current-password"
          placeholder="cg_…"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
        />
        <button type="submit" disabled={signIn.isPending}>
          Sign in
        </button>
        {signIn.isError && (
          <p role="alert" className="error">
            {messageOf(signIn.error)}
          </p>
        )}
      </form>
      <p className="hint">
        The key is exchanged for a session that ends when you sign out or after a while unused; the
        page never keeps the key.
      </p>
    </main>
  );
}
