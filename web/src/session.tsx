import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { abortRequests, api, isUnauthenticated, ok, type Me } from './api.js';

export const ME = ['me'] as const;

/**
 * Who is signed in: the session's name and role, or null when nobody is (no cookie, or it ended).
 * An anonymous reader (PUBLIC_READ) is not signed in either.
 */
export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await ok(api.GET('/v1/session'));
        return me.via === 'anonymous' ? null : me;
      } catch (error) {
        if (isUnauthenticated(error)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) =>
      ok(api.POST('/v1/session', { headers: { Authorization: `Bearer ${key.trim()}` } })),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(ME, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // Nothing read under the session may land after it ends: stop what is under way first.
      await client.cancelQueries();
      abortRequests();
      return ok(api.DELETE('/v1/session'));
    },
    // Only "who is signed in" changes here: that unmounts every screen at once. Clearing the cache
    // first would let a screen still mounted fetch its data again, with the ended session. The
    // next sign-in clears the cache before anything is shown.
    onSettled: () => {
      client.setQueryData(ME, null);
    },
  });
}

const RANK = { viewer: 0, analyst: 1, editor: 2, admin: 3 } as const;

/** Whether the signed-in role may do what needs `role` (the server checks again). */
export const canAct = (me: Me | null | undefined, role: keyof typeof RANK): boolean =>
  !!me && RANK[me.role] >= RANK[role];
