import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isUnauthenticated } from './api.js';
import { App } from './App.js';
import { ME } from './session.js';
import './styles.css';

const client: QueryClient = new QueryClient({
  // A session that ended (signed out elsewhere, idle, key revoked) shows the sign-in page.
  queryCache: new QueryCache({
    onError: (error) => {
      if (isUnauthenticated(error)) client.setQueryData(ME, null);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !isUnauthenticated(error) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
