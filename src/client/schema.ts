/**
 * Generated from docs/openapi.json by `npm run client:generate`. Do not edit by hand.
 */

export type paths = {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness and readiness: 200 when the database answers, 503 when it does not */
    get: operations['checkHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit trail, newest first, filtered by entity, key, action and time */
    get: operations['listAuditEntries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API keys, newest first (secrets are never shown again) */
    get: operations['listApiKeys'];
    put?: never;
    /** Create an API key; its secret is shown once, in this answer */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an API key */
    get: operations['getApiKey'];
    put?: never;
    post?: never;
    /** Revoke an API key, effective with the next request */
    delete: operations['revokeApiKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is signed in: the name and role the request acts with */
    get: operations['getSession'];
    put?: never;
    /**
     * Sign in: exchange the API key sent as a bearer token for a session cookie
     * @description Answers with an HttpOnly, SameSite=Strict cookie (Secure over https) that authenticates later requests in place of the key. The session ends when signed out, after SESSION_IDLE_MS unused, or when the key is revoked. Writes made with the cookie must send X-Requested-With (any value) and, when there is an Origin, come from this server’s origin; otherwise 403 CSRF_REJECTED.
     */
    post: operations['createSession'];
    /**
     * Sign out: end the session at once and clear its cookie
     * @description With the session cookie, ends that session. With a bearer key, ends every session opened with the key (signing out everywhere).
     */
    delete: operations['deleteSession'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List sources by name, filtered by kind or a name/alias search */
    get: operations['listSources'];
    put?: never;
    /**
     * Create a source
     * @description A name or alias that is already another source's, ignoring case, accents, punctuation and spacing, is 409 SOURCE_EXISTS naming it (existingSourceId), unless allowDuplicate is true. Sources with close names are listed in possibleDuplicates.
     */
    post: operations['createSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources/duplicates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Likely duplicate sources, for an editor to merge or tell apart
     * @description Pairs of sources that share a name or alias (once case, accents, punctuation and spacing are folded), then pairs whose names are alike (small misspellings), most alike first.
     */
    get: operations['listDuplicates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a source */
    get: operations['getSource'];
    put?: never;
    post?: never;
    /** Delete a source that has no stances and no affiliates */
    delete: operations['deleteSource'];
    options?: never;
    head?: never;
    /** Edit a source; a new grade or affiliation re-evaluates the claims it spoke on */
    patch: operations['updateSource'];
    trace?: never;
  };
  '/v1/sources/{id}/track-record': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A source's track record: how its stances met editors' verdicts
     * @description Its effective stances on claims with a verdict, by outcome (true/mostly_true → true, false/mostly_false → false, unproven; mixed teaches nothing; a claim's latest verdict only), the accuracy learned from them with a 95 % interval, and the grade that record implies beside the one assigned.
     */
    get: operations['getTrackRecord'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources/{id}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Merge this duplicate source into another: stances, relays, affiliates and names move; the claims they touch are re-evaluated */
    post: operations['mergeSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources/{id}/unmerge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Undo the source's last merge, from the audit trail */
    post: operations['unmergeSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List or search claims, filtered by status, tag, source, text or change time */
    get: operations['listClaims'];
    put?: never;
    /** Create a claim, optionally with its first stances (all or nothing) */
    post: operations['createClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a claim with its status, score and counts; with include, its stances, sources, links, verdicts and history in the same answer */
    get: operations['getClaim'];
    put?: never;
    post?: never;
    /** Delete a claim with its stances and links */
    delete: operations['deleteClaim'];
    options?: never;
    head?: never;
    /** Edit a claim's statement, context, tags, date or language */
    patch: operations['updateClaim'];
    trace?: never;
  };
  '/v1/claims/{id}/stances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a claim's stances in the order stated (effective=true: latest per source) */
    get: operations['listClaimStances'];
    put?: never;
    /** Add a source's stance on a claim; the claim's status follows */
    post: operations['addClaimStance'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources/{id}/stances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List everything one source has said, in the order stated */
    get: operations['listSourceStances'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/stances/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a stance */
    get: operations['getStance'];
    put?: never;
    post?: never;
    /** Remove a stance logged in error; the claim's status follows */
    delete: operations['deleteStance'];
    options?: never;
    head?: never;
    /** Correct a stance; the claim's status follows */
    patch: operations['updateStance'];
    trace?: never;
  };
  '/v1/claims/{id}/corroboration': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Explain a claim's status and score: now, as of a past moment of the story, or as Claimgraph showed it then */
    get: operations['getClaimCorroboration'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every change of a claim's status or score: from, to, when, the write that caused it, and who wrote it */
    get: operations['listClaimHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}/links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a claim's links, outgoing and incoming */
    get: operations['listClaimLinks'];
    put?: never;
    /** Link this claim to another (part_of, depends_on, contradicts, related) */
    post: operations['createClaimLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a link */
    get: operations['getLink'];
    put?: never;
    post?: never;
    /** Delete a link */
    delete: operations['deleteLink'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A claim's verdicts, newest first */
    get: operations['listClaimReviews'];
    put?: never;
    /** Record an editor's verdict on a claim, beside its computed status */
    post: operations['reviewClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reviews/{id}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Withdraw a verdict: the one before it stands again for an editor to look at, or the claim is unreviewed; audited with the reason */
    post: operations['withdrawReview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reviews/queue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What editors should look at next: divergent, then disputed, then by latest status change; each with the change that put it there */
    get: operations['getReviewQueue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}/claim-review': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The claim's verdict as schema.org ClaimReview JSON-LD */
    get: operations['getClaimReview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claim-reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every reviewed claim as ClaimReview JSON-LD, most recently reviewed first (for publishing) */
    get: operations['listClaimReviewFeed'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Merge this duplicate claim into another: stances and links move, the survivor is re-evaluated */
    post: operations['mergeClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/claims/{id}/unmerge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Undo the claim's last merge, from the audit trail */
    post: operations['unmergeClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/graph': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A neighbourhood of claims, sources, stances, links and affiliations as Cytoscape.js elements
     * @description Ready to draw as it comes: claim nodes carry a short `label`, source nodes a `parent` (their independence group, drawn as a compound node that is in `nodes` too), and stance and link edges a `polarity`.
     */
    get: operations['getGraph'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Dashboard: claims by status and tag, status changes per day, the most disputed claims, and how often independence groups agree */
    get: operations['getStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/activity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What changed since a moment, claim by claim: each change in a sentence, who made it, and what it did to the status
     * @description Claims ordered by their newest change in the span (default: the last 24 hours). Each claim lists its changes newest first — stances added, corrected or deleted, verdicts, links, merges, edits — with the status or score change each caused, and the status changes no write on the claim explains (a recompute, a source regraded, an import). One answer weighs the newest 5,000 changes of the span; `complete: false` says there were more.
     */
    get: operations['listActivity'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Live events as Server-Sent Events: claims created, stances added, statuses changed, verdicts, links, merges, source changes
     * @description A text/event-stream: each event has `id:` (resume after it with Last-Event-ID), `event:` (its type) and `data:` (JSON). Without Last-Event-ID (or `since`, a moment) the stream starts now. A comment line every 15 s keeps it open. Events are kept 7 days; resuming from an older one is 410 EVENTS_EXPIRED. Streams are capped per API key (per address for anonymous callers) and per server; a client that stops reading is cut off, and the streams of a revoked key, or of a session signed out, end.
     */
    get: operations['streamEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import an NDJSON file of sources, claims, stances and links: all of it, or none if any line is wrong
     * @description One JSON object per line, each with `type` ("source", "claim", "stance" or "link") and the fields of the matching create body (POST /v1/sources, /v1/claims, /v1/claims/{id}/stances with `claimId`, /v1/claims/{id}/links with `fromClaimId`), plus an optional `key` (1–200 characters) later lines may use in place of an id, an optional `id`, and the stored timestamps an export writes. References (affiliatedWithId, claimId, sourceId, viaSourceId, fromClaimId, toClaimId, mergedIntoId) take the key of an earlier line or the id of a stored record. Lines up to 1048576 bytes. A merged claim (mergedIntoId) needs the editor role; stored timestamps (createdAt, updatedAt, recordedAt, mergedAt) the admin role. The file is received in full first (within the size and time limits), then stored in one transaction; statuses are recomputed before it commits. A file with wrong lines answers 422 IMPORT_INVALID listing errors as { line, field?, message } and stores nothing. Imports and exports running at once are limited per key (429) and per server (503), with Retry-After.
     */
    post: operations['importFile'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The whole database as an NDJSON file in the import format, from one consistent snapshot
     * @description Sources (parents first), claims (live ones first, then those merged into them), stances (in the order they were entered) and links, with their ids and stored timestamps. Importing it into an empty database gives the same export again. The snapshot is written to a temporary file first, then sent with its Content-Length; a client that stops reading is cut off.
     */
    get: operations['exportAll'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
};
export type webhooks = Record<string, never>;
export type components = {
  schemas: {
    FieldErrorDto: {
      /** @example stances[0].sourceId */
      field: string;
      /** @example sourceId must be a UUID */
      message: string;
    };
    ProblemDto: {
      /** @example urn:claimgraph:problem:validation-failed */
      type: string;
      /** @example The request is not valid */
      title: string;
      /** @example 400 */
      status: number;
      detail: string;
      /**
       * @description Stable machine-readable code
       * @example VALIDATION_FAILED
       */
      code: string;
      errors?: components['schemas']['FieldErrorDto'][];
      requestId: string;
      /**
       * Format: uuid
       * @description CLAIM_MERGED and SOURCE_MERGED only: the claim or source this one was merged into
       */
      mergedIntoId?: string;
      /**
       * Format: uuid
       * @description SOURCE_EXISTS only: the source that already has the name
       */
      existingSourceId?: string;
    };
    ActorRefDto: {
      /** Format: uuid */
      keyId: string;
      /** @example Maria (standards desk) */
      name: string;
    };
    AuditEntryResponseDto: {
      id: number;
      /** Format: date-time */
      at: string;
      /** Format: uuid */
      keyId: string | null;
      /** @description Who made the change: the key and its name (null when no key did) */
      actor: components['schemas']['ActorRefDto'] | null;
      requestId: string | null;
      /** @example update */
      action: string;
      /** @enum {string} */
      entityType: 'source' | 'claim' | 'stance' | 'link' | 'review' | 'api_key' | 'import';
      /** Format: uuid */
      entityId: string;
      /** @description The record before the change */
      before: Record<string, never> | null;
      /** @description The record after the change */
      after: Record<string, never> | null;
    };
    AuditPageDto: {
      items: components['schemas']['AuditEntryResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    CreateApiKeyDto: {
      /** @example research desk */
      name: string;
      /**
       * @description viewer reads; analyst also creates and edits; editor also deletes and corrects others’ stances; admin also manages keys
       * @enum {string}
       */
      role: 'viewer' | 'analyst' | 'editor' | 'admin';
    };
    CreatedApiKeyResponseDto: {
      /** Format: uuid */
      id: string;
      name: string;
      /**
       * @description viewer reads; analyst also creates and edits; editor also deletes and corrects others’ stances; admin also manages keys
       * @enum {string}
       */
      role: 'viewer' | 'analyst' | 'editor' | 'admin';
      /**
       * @description The start of the key, to recognise it
       * @example cg_Xk3v9Q
       */
      prefix: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      createdByKeyId: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** @description The secret, shown this once; send it as `Authorization: Bearer <key>` */
      key: string;
    };
    ApiKeyResponseDto: {
      /** Format: uuid */
      id: string;
      name: string;
      /**
       * @description viewer reads; analyst also creates and edits; editor also deletes and corrects others’ stances; admin also manages keys
       * @enum {string}
       */
      role: 'viewer' | 'analyst' | 'editor' | 'admin';
      /**
       * @description The start of the key, to recognise it
       * @example cg_Xk3v9Q
       */
      prefix: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      createdByKeyId: string | null;
      /** Format: date-time */
      revokedAt: string | null;
    };
    ApiKeyPageDto: {
      items: components['schemas']['ApiKeyResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    SessionResponseDto: {
      /**
       * Format: uuid
       * @description The API key the caller acts with (null for an anonymous reader under PUBLIC_READ)
       */
      keyId: string | null;
      /**
       * @description The key's name: who is signed in
       * @example Maria (standards desk)
       */
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'analyst' | 'editor' | 'admin';
      /**
       * @description `session`: signed in by the session cookie; `key`: by an Authorization header; `anonymous`: neither (PUBLIC_READ)
       * @enum {string}
       */
      via: 'session' | 'key' | 'anonymous';
      /**
       * Format: date-time
       * @description When the session ends unless it is used again (null for a key)
       */
      expiresAt: string | null;
    };
    NewSourceDto: {
      /** @example Bahram Ghassemi */
      name: string;
      /** @enum {string} */
      kind: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
      description?: string | null;
      /**
       * @example [
       *       "Bahram Qasemi"
       *     ]
       */
      aliases?: string[];
      /** Format: uri */
      url?: string | null;
      /**
       * Format: uuid
       * @description The source this one speaks for or belongs to
       */
      affiliatedWithId?: string | null;
      /**
       * @description Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged
       * @default F
       * @enum {string}
       */
      reliability?: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /**
       * @description An unnamed source ("unnamed U.S. officials", "a senior diplomat"): its stances count only together with the relay that carries them (`viaSourceId`), never as a voice of their own
       * @default false
       */
      anonymous?: boolean;
      /**
       * @description Create it even when its name or an alias is already another source's (ignoring case, accents, punctuation and spacing); otherwise that is 409 SOURCE_EXISTS
       * @default false
       */
      allowDuplicate?: boolean;
    };
    SourceMatchDto: {
      /** Format: uuid */
      id: string;
      name: string;
      aliases: string[];
      /** @description Trigram similarity of the folded names (1: one of the names is the same) */
      similarity: number;
    };
    CreatedSourceResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      name: string;
      /** @enum {string} */
      kind: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
      description: string | null;
      aliases: string[];
      url: string | null;
      /** Format: uuid */
      affiliatedWithId: string | null;
      /**
       * @description Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged
       * @enum {string}
       */
      reliability: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /** @description An unnamed source ("unnamed U.S. officials", "a senior diplomat"): its stances count only together with the relay that carries them (`viaSourceId`), never as a voice of their own */
      anonymous: boolean;
      /**
       * Format: uuid
       * @description Root of the affiliation chain: sources sharing it are one voice
       */
      independenceGroupId: string;
      /** @description Increments on every change; send as If-Match to PATCH safely */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Sources whose names are close to this one's (small misspellings, or the same name with allowDuplicate): check they are not the same source */
      possibleDuplicates: components['schemas']['SourceMatchDto'][];
    };
    SourceNamesDto: {
      /** Format: uuid */
      id: string;
      name: string;
      aliases: string[];
    };
    DuplicatePairDto: {
      a: components['schemas']['SourceNamesDto'];
      b: components['schemas']['SourceNamesDto'];
      /** @description How alike their names are */
      similarity: number;
      /** @description A name or alias of one is a name or alias of the other, once folded */
      sameName: boolean;
    };
    DuplicatesResponseDto: {
      /** @description Most alike first */
      items: components['schemas']['DuplicatePairDto'][];
    };
    SourceResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      name: string;
      /** @enum {string} */
      kind: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
      description: string | null;
      aliases: string[];
      url: string | null;
      /** Format: uuid */
      affiliatedWithId: string | null;
      /**
       * @description Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged
       * @enum {string}
       */
      reliability: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /** @description An unnamed source ("unnamed U.S. officials", "a senior diplomat"): its stances count only together with the relay that carries them (`viaSourceId`), never as a voice of their own */
      anonymous: boolean;
      /**
       * Format: uuid
       * @description Root of the affiliation chain: sources sharing it are one voice
       */
      independenceGroupId: string;
      /** @description Increments on every change; send as If-Match to PATCH safely */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    SourcePageDto: {
      items: components['schemas']['SourceResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    CategoryCountsDto: {
      supporting: number;
      refuting: number;
      doubting: number;
      neutral: number;
    };
    OutcomeTableDto: {
      true: components['schemas']['CategoryCountsDto'];
      false: components['schemas']['CategoryCountsDto'];
      unproven: components['schemas']['CategoryCountsDto'];
    };
    SidesDto: {
      /** @description Sides (support or refute) taken on claims found true or false */
      taken: number;
      /** @description Of those, the right side */
      right: number;
    };
    AccuracyDto: {
      /** @description How often its side is the right one, learned: its record over the prior its grade gives */
      estimate: number;
      /** @description Lower end of a 95 % interval */
      low: number;
      /** @description Upper end of a 95 % interval */
      high: number;
    };
    TrackRecordResponseDto: {
      /** Format: uuid */
      sourceId: string;
      sourceName: string;
      /** @description Claims with a verdict (true, false or unproven) it took a stance on */
      verdicts: number;
      /** @description Its effective stances on claims with a verdict, by the verdict's outcome */
      counts: components['schemas']['OutcomeTableDto'];
      sides: components['schemas']['SidesDto'];
      accuracy: components['schemas']['AccuracyDto'];
      /** @description P(kind of stance | outcome) as the assessment uses it: its counts over its prior (all sources pooled, with its grade) */
      matrix: components['schemas']['OutcomeTableDto'];
      /**
       * @description The Admiralty grade whose probability is nearest the learned accuracy; null until it has taken 5 sides on claims found true or false
       * @enum {string|null}
       */
      impliedGrade: 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | null;
      /**
       * @description The grade analysts assigned
       * @enum {string}
       */
      assignedGrade: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /** @description One sentence in plain English */
      summary: string;
    };
    UpdateSourceDto: {
      /** @example Bahram Ghassemi */
      name?: string;
      /** @enum {string} */
      kind?: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
      description?: string | null;
      /**
       * @example [
       *       "Bahram Qasemi"
       *     ]
       */
      aliases?: string[];
      /** Format: uri */
      url?: string | null;
      /**
       * Format: uuid
       * @description The source this one speaks for or belongs to
       */
      affiliatedWithId?: string | null;
      /**
       * @description Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged
       * @enum {string}
       */
      reliability?: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /** @description An unnamed source ("unnamed U.S. officials", "a senior diplomat"): its stances count only together with the relay that carries them (`viaSourceId`), never as a voice of their own */
      anonymous?: boolean;
      /**
       * @description Rename even when the new name or an alias is already another source's; otherwise that is 409 SOURCE_EXISTS
       * @default false
       */
      allowDuplicate?: boolean;
    };
    MergeSourceDto: {
      /**
       * Format: uuid
       * @description The source that survives
       */
      into: string;
    };
    SourceMergeResultDto: {
      /**
       * Format: uuid
       * @description The source merged away; it now answers 410 naming the survivor
       */
      mergedId: string;
      /** @description The survivor, with the merged source’s names among its aliases */
      survivor: components['schemas']['SourceResponseDto'];
      /** @description Stances it took */
      movedStanceIds: string[];
      /** @description Stances it relayed */
      movedRelayIds: string[];
      /** @description Sources affiliated with it, now affiliated with the survivor */
      movedAffiliateIds: string[];
      /** @description Names the survivor gained as aliases */
      addedAliases: string[];
      /** @description Claims re-evaluated */
      claimsRecomputed: number;
    };
    SourceRefDto: {
      /** @example Bahram Ghassemi */
      name: string;
      description?: string | null;
      /**
       * @example [
       *       "Bahram Qasemi"
       *     ]
       */
      aliases?: string[];
      /** Format: uri */
      url?: string | null;
      /**
       * @description Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged
       * @default F
       * @enum {string}
       */
      reliability?: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /**
       * @description An unnamed source ("unnamed U.S. officials", "a senior diplomat"): its stances count only together with the relay that carries them (`viaSourceId`), never as a voice of their own
       * @default false
       */
      anonymous?: boolean;
      /**
       * @description Needed only when no source has the name
       * @enum {string}
       */
      kind?: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
    };
    CreateStanceDto: {
      /**
       * Format: uuid
       * @description The source taking the position; or name it with `source` instead
       */
      sourceId?: string;
      /** @description The source by name instead of by id: the source whose name or alias is the same (ignoring case, accents, punctuation and spacing), or else a new source made from these fields (then `kind` is needed). The answer's `resolved.source` says which. */
      source?: components['schemas']['SourceRefDto'];
      /**
       * @description asserts/confirms support the claim, denies refutes it, questions doubts it, reports and declines_to_confirm are neutral, retracts withdraws the source’s earlier position
       * @enum {string}
       */
      kind:
        | 'asserts'
        | 'confirms'
        | 'denies'
        | 'questions'
        | 'reports'
        | 'declines_to_confirm'
        | 'retracts';
      /**
       * Format: date-time
       * @description When the source took this position; default now; at most 5 minutes ahead
       */
      statedAt?: string;
      quote?: string | null;
      /** Format: uri */
      evidenceUrl?: string | null;
      /**
       * Format: uuid
       * @description The source that relayed it
       */
      viaSourceId?: string | null;
      /** @description The relay by name instead of `viaSourceId`, matched or created as `source` is. The answer's `resolved.via` says which. */
      via?: components['schemas']['SourceRefDto'];
      note?: string | null;
    };
    CreateClaimDto: {
      /** @example Donald Trump requested a bilateral meeting with Hassan Rouhani. */
      statement: string;
      context?: string | null;
      /**
       * @description Lower-cased and de-duplicated
       * @example [
       *       "iran"
       *     ]
       */
      tags?: string[];
      /**
       * Format: date-time
       * @description When the claimed event is said to have happened
       */
      occurredAt?: string | null;
      /**
       * @description BCP-47 language tag
       * @default en
       */
      language?: string;
      /** @description Stored atomically with the claim */
      stances?: components['schemas']['CreateStanceDto'][];
    };
    TallyDto: {
      /** @description Independence groups on this side */
      groups: number;
      /** @description Sources whose effective stance is on this side */
      sources: number;
    };
    ClaimReviewStateDto: {
      /**
       * @description needs_review: the status moved after the last verdict
       * @enum {string}
       */
      state: 'unreviewed' | 'needs_review' | 'reviewed';
      /** @enum {string|null} */
      verdict: 'true' | 'mostly_true' | 'mixed' | 'mostly_false' | 'false' | 'unproven' | null;
      /** @description The verdict contradicts the current evidence (e.g. true on a denied claim) */
      divergent: boolean;
      /** Format: date-time */
      reviewedAt: string | null;
      /** Format: uuid */
      reviewedByKeyId: string | null;
    };
    OutcomeProbabilitiesDto: {
      true: number;
      false: number;
      unproven: number;
    };
    AssessmentBasisDto: {
      /** @description Editors' verdicts the track records were learned from (never the claim's own) */
      verdicts: number;
      /** @description Independence groups that voted */
      groups: number;
    };
    AssessmentDto: {
      /**
       * @description The most probable outcome
       * @enum {string}
       */
      likely: 'true' | 'false' | 'unproven';
      probabilities: components['schemas']['OutcomeProbabilitiesDto'];
      basis: components['schemas']['AssessmentBasisDto'];
      /**
       * Format: date-time
       * @description When it was computed. Stored assessments follow each change within the refresh bound (docs/design.md); an explanation computes it when asked
       */
      computedAt: string;
      /** @description One sentence in plain English */
      summary: string;
    };
    SimilarClaimDto: {
      /** Format: uuid */
      id: string;
      statement: string;
      /** @enum {string} */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      /** @description Share of the two statements’ distinct words (stemmed, without stop words) they have in common */
      similarity: number;
    };
    ResolvedSourceDto: {
      /** Format: uuid */
      id: string;
      name: string;
      /**
       * @description matched: an existing source has the name; created: a new source was made
       * @enum {string}
       */
      outcome: 'matched' | 'created';
    };
    ResolvedSourcesDto: {
      source?: components['schemas']['ResolvedSourceDto'];
      via?: components['schemas']['ResolvedSourceDto'];
    };
    StanceResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      claimId: string;
      /** Format: uuid */
      sourceId: string;
      /** @enum {string} */
      kind:
        | 'asserts'
        | 'confirms'
        | 'denies'
        | 'questions'
        | 'reports'
        | 'declines_to_confirm'
        | 'retracts';
      /**
       * @description What the kind means for the claim
       * @enum {string}
       */
      polarity: 'support' | 'refute' | 'doubt' | 'neutral' | 'withdrawn';
      /** Format: date-time */
      statedAt: string;
      /**
       * Format: date-time
       * @description When it entered Claimgraph
       */
      recordedAt: string;
      /**
       * Format: date-time
       * @description When it was last corrected
       */
      updatedAt: string;
      quote: string | null;
      evidenceUrl: string | null;
      /** Format: uuid */
      viaSourceId: string | null;
      note: string | null;
      /** @description Only in the answer to a write that named its source or relay: which source each name was matched to, or that it was created */
      resolved?: components['schemas']['ResolvedSourcesDto'];
    };
    CreatedClaimResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      statement: string;
      context: string | null;
      tags: string[];
      /** Format: date-time */
      occurredAt: string | null;
      language: string;
      /**
       * @description Derived from the effective stances
       * @enum {string}
       */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      /** @description Credence from 0 to 1; 0.5 with no evidence */
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /** Format: date-time */
      statusChangedAt: string;
      /** @description Increments on every change, its status and stances included; send as If-Match */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Moves on any change, stances included
       */
      updatedAt: string;
      review: components['schemas']['ClaimReviewStateDto'];
      /** @description It depends_on a claim that is now disputed or denied, so its own truth is in doubt */
      dependsOnContested: boolean;
      /** @description The learned prediction of the verdict from its sources' track records, beside status and score (which it does not change); absent until first computed, moments after the claim is created */
      assessment?: components['schemas']['AssessmentDto'];
      /** @description Live claims in the same language whose statements say mostly the same words, most alike first: merge this one into one of them if it is a duplicate */
      possibleDuplicates: components['schemas']['SimilarClaimDto'][];
      /** @description The inline stances, as stored */
      stances: components['schemas']['StanceResponseDto'][];
    };
    SearchMatchDto: {
      /** @description Relevance to q (cover density); higher is better */
      rank: number;
      /**
       * @description The best passages of statement and context, HTML-escaped, with the matched words in <mark>…</mark>
       * @example Trump <mark>requested</mark> a <mark>meeting</mark> with Rouhani
       */
      snippet: string;
    };
    ClaimListItemDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      statement: string;
      context: string | null;
      tags: string[];
      /** Format: date-time */
      occurredAt: string | null;
      language: string;
      /**
       * @description Derived from the effective stances
       * @enum {string}
       */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      /** @description Credence from 0 to 1; 0.5 with no evidence */
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /** Format: date-time */
      statusChangedAt: string;
      /** @description Increments on every change, its status and stances included; send as If-Match */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Moves on any change, stances included
       */
      updatedAt: string;
      review: components['schemas']['ClaimReviewStateDto'];
      /** @description It depends_on a claim that is now disputed or denied, so its own truth is in doubt */
      dependsOnContested: boolean;
      /** @description The learned prediction of the verdict from its sources' track records, beside status and score (which it does not change); absent until first computed, moments after the claim is created */
      assessment?: components['schemas']['AssessmentDto'];
      /** @description Present when searching with q */
      match?: components['schemas']['SearchMatchDto'];
    };
    ClaimPageDto: {
      items: components['schemas']['ClaimListItemDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    UpdateClaimDto: {
      /** @example Donald Trump requested a bilateral meeting with Hassan Rouhani. */
      statement?: string;
      context?: string | null;
      /**
       * @description Lower-cased and de-duplicated
       * @example [
       *       "iran"
       *     ]
       */
      tags?: string[];
      /**
       * Format: date-time
       * @description When the claimed event is said to have happened
       */
      occurredAt?: string | null;
      /** @description BCP-47 language tag */
      language?: string;
    };
    ClaimResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      statement: string;
      context: string | null;
      tags: string[];
      /** Format: date-time */
      occurredAt: string | null;
      language: string;
      /**
       * @description Derived from the effective stances
       * @enum {string}
       */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      /** @description Credence from 0 to 1; 0.5 with no evidence */
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /** Format: date-time */
      statusChangedAt: string;
      /** @description Increments on every change, its status and stances included; send as If-Match */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Moves on any change, stances included
       */
      updatedAt: string;
      review: components['schemas']['ClaimReviewStateDto'];
      /** @description It depends_on a claim that is now disputed or denied, so its own truth is in doubt */
      dependsOnContested: boolean;
      /** @description The learned prediction of the verdict from its sources' track records, beside status and score (which it does not change); absent until first computed, moments after the claim is created */
      assessment?: components['schemas']['AssessmentDto'];
    };
    StancePageDto: {
      items: components['schemas']['StanceResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    LinkResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      fromClaimId: string;
      /** Format: uuid */
      toClaimId: string;
      /** @enum {string} */
      kind: 'part_of' | 'depends_on' | 'contradicts' | 'related';
      note: string | null;
      /** Format: date-time */
      createdAt: string;
    };
    LinkPageDto: {
      items: components['schemas']['LinkResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    ReviewResponseDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      claimId: string;
      /** @enum {string} */
      verdict: 'true' | 'mostly_true' | 'mixed' | 'mostly_false' | 'false' | 'unproven';
      rationale: string;
      /** Format: uuid */
      reviewerKeyId: string | null;
      /**
       * @description The computed status when the verdict was given
       * @enum {string}
       */
      statusAtReview:
        'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      scoreAtReview: number;
      /** @description The verdict contradicted the evidence when it was given */
      divergent: boolean;
      /** Format: date-time */
      createdAt: string;
      /** @description The editor who gave it: the key and its name */
      actor: components['schemas']['ActorRefDto'] | null;
    };
    ReviewPageDto: {
      items: components['schemas']['ReviewResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    HistoryEntryResponseDto: {
      id: number;
      /**
       * @description Null on the creation entry
       * @enum {string|null}
       */
      fromStatus:
        'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified' | null;
      /** @enum {string} */
      toStatus: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      fromScore: number | null;
      toScore: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /**
       * @description The kind of write that caused it
       * @enum {string}
       */
      cause:
        | 'claim_created'
        | 'claim_deleted'
        | 'stance_added'
        | 'stance_corrected'
        | 'stance_deleted'
        | 'source_changed'
        | 'claim_merged'
        | 'claim_unmerged'
        | 'source_merged'
        | 'source_unmerged'
        | 'import'
        | 'recompute';
      /**
       * Format: uuid
       * @description The stance, source or claim written
       */
      causeId: string | null;
      /**
       * Format: uuid
       * @description The API key that wrote it
       */
      keyId: string | null;
      /** @description Who wrote it: the key and its name (null when no key did: a recompute, the server) */
      actor: components['schemas']['ActorRefDto'] | null;
      requestId: string | null;
      /** Format: date-time */
      changedAt: string;
    };
    HistoryPageDto: {
      items: components['schemas']['HistoryEntryResponseDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    ClaimPageResponseDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      statement: string;
      context: string | null;
      tags: string[];
      /** Format: date-time */
      occurredAt: string | null;
      language: string;
      /**
       * @description Derived from the effective stances
       * @enum {string}
       */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      /** @description Credence from 0 to 1; 0.5 with no evidence */
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /** Format: date-time */
      statusChangedAt: string;
      /** @description Increments on every change, its status and stances included; send as If-Match */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Moves on any change, stances included
       */
      updatedAt: string;
      review: components['schemas']['ClaimReviewStateDto'];
      /** @description It depends_on a claim that is now disputed or denied, so its own truth is in doubt */
      dependsOnContested: boolean;
      /** @description The learned prediction of the verdict from its sources' track records, beside status and score (which it does not change); absent until first computed, moments after the claim is created */
      assessment?: components['schemas']['AssessmentDto'];
      /** @description With include=stances: the first 200, as its own list route answers them; pass nextCursor to that route for more (GET /v1/claims/{id}/stances) */
      stances?: components['schemas']['StancePageDto'];
      /** @description With include=sources: every source the included stances name (as source or relay), and the root source of each of their independence groups */
      sources?: components['schemas']['SourceResponseDto'][];
      /** @description With include=links: the first 200, as its own list route answers them; pass nextCursor to that route for more (GET /v1/claims/{id}/links): links from and to the claim */
      links?: components['schemas']['LinkPageDto'];
      /** @description With include=reviews: the first 200, as its own list route answers them; pass nextCursor to that route for more (GET /v1/claims/{id}/reviews): verdicts, newest first */
      reviews?: components['schemas']['ReviewPageDto'];
      /** @description With include=history: the first 200, as its own list route answers them; pass nextCursor to that route for more (GET /v1/claims/{id}/history): status and score changes */
      history?: components['schemas']['HistoryPageDto'];
    };
    UpdateStanceDto: {
      /**
       * @description asserts/confirms support the claim, denies refutes it, questions doubts it, reports and declines_to_confirm are neutral, retracts withdraws the source’s earlier position
       * @enum {string}
       */
      kind?:
        | 'asserts'
        | 'confirms'
        | 'denies'
        | 'questions'
        | 'reports'
        | 'declines_to_confirm'
        | 'retracts';
      quote?: string | null;
      /** Format: uri */
      evidenceUrl?: string | null;
      /**
       * Format: uuid
       * @description The source that relayed it
       */
      viaSourceId?: string | null;
      note?: string | null;
      /** Format: date-time */
      statedAt?: string;
    };
    CountedWithDto: {
      /**
       * @description anonymous: an unnamed source counted with the relay that carried it; relayed: a relay whose own stance is counted with the sources it passed on
       * @enum {string}
       */
      reason: 'anonymous' | 'relayed';
      /** @description anonymous: the relay; relayed: the sources it passed on on this side */
      sourceNames: string[];
    };
    MemberStanceDto: {
      /** Format: uuid */
      sourceId: string;
      sourceName: string;
      /** @enum {string} */
      reliability: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /** Format: uuid */
      stanceId: string;
      /** @enum {string} */
      kind:
        | 'asserts'
        | 'confirms'
        | 'denies'
        | 'questions'
        | 'reports'
        | 'declines_to_confirm'
        | 'retracts';
      /** Format: date-time */
      statedAt: string;
      /**
       * Format: uuid
       * @description The source this stance came through
       */
      viaSourceId: string | null;
      viaSourceName: string | null;
      /** @description The source is unnamed ("unnamed officials") */
      anonymous: boolean;
      /** @description Why this stance is counted in this group rather than its source's own; absent when it is its source's own group */
      countedWith?: components['schemas']['CountedWithDto'];
    };
    GroupLearnedDto: {
      /**
       * @description The outcome its vote alone favours
       * @enum {string}
       */
      leans: 'true' | 'false' | 'unproven';
      /** @description Its vote alone, from even odds */
      probabilities: components['schemas']['OutcomeProbabilitiesDto'];
      /** @description Verdicts its members' track records rest on (each member's counted separately) */
      verdicts: number;
      summary: string;
    };
    GroupExplanationDto: {
      /**
       * Format: uuid
       * @description The independence group the members are counted in: the root source of an affiliation chain (see countedWith on members counted with a relay)
       */
      groupId: string;
      /** @description Name of the root source */
      groupName: string;
      /** @enum {string} */
      position: 'supports' | 'refutes' | 'doubts' | 'neutral';
      /** @description Members stand on both sides; position is the side taken last */
      split: boolean;
      /** @description The group's signed contribution to the score's log-odds */
      weight: number;
      /** @description Members' effective stances */
      members: components['schemas']['MemberStanceDto'][];
      summary: string;
      /** @description The group's learned contribution to the assessment */
      learned: components['schemas']['GroupLearnedDto'];
    };
    CorroborationResponseDto: {
      /** Format: uuid */
      claimId: string;
      /**
       * Format: date-time
       * @description The moment of the story answered for; null for now
       */
      asOf: string | null;
      /**
       * Format: date-time
       * @description Set when answering what Claimgraph showed at that moment
       */
      knownAt: string | null;
      /** @enum {string} */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /** @description One sentence in plain English */
      summary: string;
      groups: components['schemas']['GroupExplanationDto'][];
      /** @description The learned prediction from the track records as they stand (with the stances as of asOf when given); absent with knownAt, whose history keeps no assessment. The claim's own verdict never feeds it */
      assessment?: components['schemas']['AssessmentDto'];
    };
    CreateLinkDto: {
      /**
       * Format: uuid
       * @description The claim this one links to
       */
      toClaimId: string;
      /**
       * @description part_of: this claim is a sub-claim of the target; depends_on: true only if the target is true; contradicts: both cannot be true; related
       * @enum {string}
       */
      kind: 'part_of' | 'depends_on' | 'contradicts' | 'related';
      note?: string | null;
    };
    CreateReviewDto: {
      /** @enum {string} */
      verdict: 'true' | 'mostly_true' | 'mixed' | 'mostly_false' | 'false' | 'unproven';
      /** @description Why: the evidence and reasoning behind the verdict */
      rationale: string;
    };
    WithdrawReviewDto: {
      /** @description Why the verdict no longer stands; kept in the audit trail with the verdict itself */
      reason: string;
    };
    WithdrawnReviewResponseDto: {
      /** @description The verdict withdrawn, as it was */
      withdrawn: components['schemas']['ReviewResponseDto'];
      reason: string;
      /** @description The verdict that stands now: the one before it, for an editor to look at again (review state needs_review); null when none is left (unreviewed) */
      standing: components['schemas']['ReviewResponseDto'] | null;
      /** @description The claim: back in the review queue when the verdict withdrawn was the standing one */
      claim: components['schemas']['ClaimResponseDto'];
    };
    StatusChangeDto: {
      /**
       * @description Null when the claim was created
       * @enum {string|null}
       */
      fromStatus:
        'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified' | null;
      /** @enum {string} */
      toStatus: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      fromScore: number | null;
      toScore: number;
      /**
       * @description The kind of write that caused it
       * @enum {string}
       */
      cause:
        | 'claim_created'
        | 'claim_deleted'
        | 'stance_added'
        | 'stance_corrected'
        | 'stance_deleted'
        | 'source_changed'
        | 'claim_merged'
        | 'claim_unmerged'
        | 'source_merged'
        | 'source_unmerged'
        | 'import'
        | 'recompute';
      /**
       * Format: uuid
       * @description The stance, source or claim written
       */
      causeId: string | null;
      /** @description Who wrote it */
      actor: components['schemas']['ActorRefDto'] | null;
      /** Format: date-time */
      changedAt: string;
    };
    QueueItemDto: {
      /**
       * Format: uuid
       * @description The API key that created it
       */
      createdByKeyId: string | null;
      /**
       * Format: uuid
       * @description The API key that last changed it
       */
      updatedByKeyId: string | null;
      /** Format: uuid */
      id: string;
      statement: string;
      context: string | null;
      tags: string[];
      /** Format: date-time */
      occurredAt: string | null;
      language: string;
      /**
       * @description Derived from the effective stances
       * @enum {string}
       */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      /** @description Credence from 0 to 1; 0.5 with no evidence */
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /** Format: date-time */
      statusChangedAt: string;
      /** @description Increments on every change, its status and stances included; send as If-Match */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Moves on any change, stances included
       */
      updatedAt: string;
      review: components['schemas']['ClaimReviewStateDto'];
      /** @description It depends_on a claim that is now disputed or denied, so its own truth is in doubt */
      dependsOnContested: boolean;
      /** @description The learned prediction of the verdict from its sources' track records, beside status and score (which it does not change); absent until first computed, moments after the claim is created */
      assessment?: components['schemas']['AssessmentDto'];
      /** @description The claim's latest change of status: why it needs an editor now */
      lastChange: components['schemas']['StatusChangeDto'] | null;
    };
    ReviewQueuePageDto: {
      items: components['schemas']['QueueItemDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page */
      nextCursor: string | null;
    };
    MergeClaimDto: {
      /**
       * Format: uuid
       * @description The claim that survives
       */
      into: string;
    };
    MovedLinkDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      fromClaimId: string;
      /** Format: uuid */
      toClaimId: string;
      /** @enum {string} */
      kind: 'part_of' | 'depends_on' | 'contradicts' | 'related';
    };
    MergeResultDto: {
      /**
       * Format: uuid
       * @description The claim merged away; it now answers 410 naming the survivor
       */
      mergedId: string;
      /** @description The survivor, re-evaluated with the moved stances */
      survivor: components['schemas']['ClaimResponseDto'];
      movedStanceIds: string[];
      /** @description Links re-pointed to the survivor, with their old ends */
      movedLinks: components['schemas']['MovedLinkDto'][];
      /** @description Links dropped: between the two claims, or duplicating one the survivor had */
      droppedLinkIds: string[];
    };
    ClaimNodeDataDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'claim';
      /** @description The statement, cut at a word to at most 60 characters (ending in "…" when cut) */
      label: string;
      /** @description The whole statement */
      statement: string;
      /** @enum {string} */
      status: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      score: number;
      dependsOnContested: boolean;
    };
    SourceNodeDataDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'source';
      /** @description The name */
      label: string;
      /** @enum {string} */
      kind: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
      /** @enum {string} */
      reliability: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
      /**
       * Format: uuid
       * @description Its independence group (the root source)
       */
      group: string;
      /**
       * @description The id of its independence group's node, a compound node that holds every source of the group drawn
       * @example group:…
       */
      parent: string;
      /** @description An unnamed source, counted with the relay that carries it */
      anonymous: boolean;
    };
    GroupNodeDataDto: {
      /**
       * @description "group:" and the root source's id
       * @example group:…
       */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'group';
      /** @description The root source's name */
      label: string;
      /**
       * Format: uuid
       * @description The root source
       */
      group: string;
    };
    GraphNodeDto: {
      data:
        | components['schemas']['ClaimNodeDataDto']
        | components['schemas']['SourceNodeDataDto']
        | components['schemas']['GroupNodeDataDto'];
    };
    StanceEdgeDataDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'stance';
      /**
       * Format: uuid
       * @description The source
       */
      source: string;
      /**
       * Format: uuid
       * @description The claim
       */
      target: string;
      /** @enum {string} */
      kind:
        | 'asserts'
        | 'confirms'
        | 'denies'
        | 'questions'
        | 'reports'
        | 'declines_to_confirm'
        | 'retracts';
      /**
       * @description What the stance does to the claim: support, refute, doubt, neutral, or withdrawn (a retraction)
       * @enum {string}
       */
      polarity: 'support' | 'refute' | 'doubt' | 'neutral' | 'withdrawn';
      /** Format: date-time */
      statedAt: string;
      /**
       * Format: uuid
       * @description The source the stance came through
       */
      via: string | null;
    };
    LinkEdgeDataDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'link';
      /**
       * Format: uuid
       * @description The claim the link is from
       */
      source: string;
      /**
       * Format: uuid
       * @description The claim the link is to
       */
      target: string;
      /** @enum {string} */
      kind: 'part_of' | 'depends_on' | 'contradicts' | 'related';
      /**
       * @description `refute` for `contradicts`; `neutral` for the others
       * @enum {string}
       */
      polarity: 'refute' | 'neutral';
    };
    AffiliationEdgeDataDto: {
      /**
       * @description "affiliation:" and the source id
       * @example affiliation:…
       */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'affiliation';
      /**
       * Format: uuid
       * @description The affiliated source
       */
      source: string;
      /**
       * Format: uuid
       * @description The source it is affiliated with
       */
      target: string;
    };
    RelayEdgeDataDto: {
      /**
       * @description "relay:" and the stance id
       * @example relay:…
       */
      id: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'relay';
      /**
       * Format: uuid
       * @description The source that passed the stance on (its `via`)
       */
      source: string;
      /**
       * Format: uuid
       * @description The source whose stance it passed on
       */
      target: string;
      /**
       * Format: uuid
       * @description The claim the stance is on
       */
      claim: string;
      /**
       * Format: uuid
       * @description The stance
       */
      stance: string;
    };
    GraphEdgeDto: {
      data:
        | components['schemas']['StanceEdgeDataDto']
        | components['schemas']['LinkEdgeDataDto']
        | components['schemas']['AffiliationEdgeDataDto']
        | components['schemas']['RelayEdgeDataDto'];
    };
    GraphElementsDto: {
      nodes: components['schemas']['GraphNodeDto'][];
      edges: components['schemas']['GraphEdgeDto'][];
    };
    GraphResponseDto: {
      elements: components['schemas']['GraphElementsDto'];
      /** @description True when maxNodes cut the neighbourhood short */
      truncated: boolean;
    };
    StatusCountsDto: {
      unsourced: number;
      disputed: number;
      denied: number;
      corroborated: number;
      retracted: number;
      unverified: number;
    };
    ClaimCountsDto: {
      /** @description Live claims (merged duplicates not counted) */
      total: number;
      byStatus: components['schemas']['StatusCountsDto'];
    };
    TagCountsDto: {
      /** @example iran */
      tag: string;
      /** @description Live claims with this tag */
      claims: number;
      byStatus: components['schemas']['StatusCountsDto'];
    };
    DayChangesDto: {
      /**
       * Format: date
       * @example 2017-10-30
       */
      day: string;
      /** @description Status changes that day, all claims */
      changes: number;
      /** @description The changes by the status claims moved to */
      toStatus: components['schemas']['StatusCountsDto'];
    };
    StatusChangesDto: {
      /** Format: date */
      from: string;
      /** Format: date */
      to: string;
      /**
       * @description Days are UTC days
       * @example UTC
       */
      timeZone: string;
      /** @description Status changes over the whole range */
      total: number;
      /** @description Every day of the range, oldest first, days without changes included */
      days: components['schemas']['DayChangesDto'][];
    };
    DisputedClaimDto: {
      /** Format: uuid */
      id: string;
      statement: string;
      tags: string[];
      score: number;
      support: components['schemas']['TallyDto'];
      refute: components['schemas']['TallyDto'];
      /**
       * Format: date-time
       * @description When it became disputed
       */
      statusChangedAt: string;
    };
    GroupRefDto: {
      /**
       * Format: uuid
       * @description The root source of the independence group
       */
      id: string;
      name: string | null;
    };
    GroupAgreementDto: {
      groupA: components['schemas']['GroupRefDto'];
      groupB: components['schemas']['GroupRefDto'];
      /** @description Claims both support, or both refute */
      agree: number;
      /** @description Claims one supports and the other refutes */
      disagree: number;
      /** @description Claims both took a position on: agree + disagree, plus those where either only doubts or is split (members on both sides) */
      sharedClaims: number;
    };
    StatsResponseDto: {
      /** Format: date-time */
      generatedAt: string;
      /** @description Live claims by status */
      claims?: components['schemas']['ClaimCountsDto'];
      /** @description Live claims by tag and status, most claims first (then by tag) */
      tags?: components['schemas']['TagCountsDto'][];
      /** @description Status changes per UTC day (creations and score-only changes not counted) */
      statusChanges?: components['schemas']['StatusChangesDto'];
      /** @description Disputed claims, the weaker side’s independent groups most first, then all groups, then the latest to become disputed */
      mostDisputed?: components['schemas']['DisputedClaimDto'][];
      /** @description Pairs of independence groups by the claims they share, most first */
      agreement?: components['schemas']['GroupAgreementDto'][];
    };
    StatusEffectDto: {
      /**
       * @description Null when it created the claim
       * @enum {string|null}
       */
      fromStatus:
        'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified' | null;
      /** @enum {string} */
      toStatus: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
      fromScore: number | null;
      toScore: number;
    };
    ActivityChangeDto: {
      /** Format: date-time */
      at: string;
      /** @description Who made it: the key and its name (null when no key did: a recompute, the server) */
      actor: components['schemas']['ActorRefDto'] | null;
      requestId: string | null;
      /** @enum {string} */
      action:
        | 'claim.created'
        | 'claim.edited'
        | 'claim.deleted'
        | 'claim.merged_into'
        | 'claim.duplicate_merged'
        | 'claim.unmerged'
        | 'claim.duplicate_unmerged'
        | 'stance.added'
        | 'stance.corrected'
        | 'stance.deleted'
        | 'verdict.recorded'
        | 'verdict.withdrawn'
        | 'link.added'
        | 'link.removed'
        | 'status.changed';
      /**
       * @description What it did, in one sentence without the actor
       * @example added a stance: White House denies
       */
      summary: string;
      /**
       * @description The kind of record written
       * @example stance
       */
      entityType: string;
      /** Format: uuid */
      entityId: string;
      /** @description Its entry in the audit trail (null for a status change no write on the claim explains) */
      auditId: number | null;
      /** @description Its entry in the claim's status history, when it moved the status or score */
      historyId: number | null;
      /**
       * Format: uuid
       * @description The other claim of a link or merge
       */
      relatedClaimId: string | null;
      /**
       * Format: uuid
       * @description The source whose stance it added, corrected or deleted
       */
      sourceId: string | null;
      /** @description What it did to the claim's status and score (null when it moved neither) */
      effect: components['schemas']['StatusEffectDto'] | null;
    };
    ClaimActivityDto: {
      /** Format: uuid */
      claimId: string;
      /** @description Its statement (as last recorded, for a deleted claim) */
      statement: string | null;
      /**
       * @description Now; null once deleted
       * @enum {string|null}
       */
      status:
        'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified' | null;
      score: number | null;
      /** @description The claim has been deleted since */
      deleted: boolean;
      /**
       * Format: uuid
       * @description The claim it is merged into, if it is merged
       */
      mergedIntoId: string | null;
      /**
       * @description Its status at `since` (null when it did not exist yet)
       * @enum {string|null}
       */
      statusAtSince:
        'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified' | null;
      /**
       * Format: date-time
       * @description Its newest change in the span
       */
      lastChangedAt: string;
      /** @description Its changes in the span, newest first: at most 20 */
      changes: components['schemas']['ActivityChangeDto'][];
      /** @description It has more changes in the span than the 20 told; its audit trail and history have them all */
      more: boolean;
    };
    ActivityPageDto: {
      items: components['schemas']['ClaimActivityDto'][];
      nextCursor: string | null;
      /**
       * Format: date-time
       * @description The span’s start, as applied
       */
      since: string;
      /** Format: date-time */
      until: string | null;
      /** @description False when the span held more changes than one answer weighs: the claims are those of its newest changes; narrow the span to see the rest */
      complete: boolean;
    };
    EventDto: {
      /**
       * @description The event id, also sent as the SSE `id:`: resume after it with Last-Event-ID
       * @example 1024
       */
      id: string;
      /**
       * @description Also sent as the SSE `event:`
       * @enum {string}
       */
      type:
        | 'claim.created'
        | 'stance.added'
        | 'claim.status_changed'
        | 'import.completed'
        | 'review.recorded'
        | 'review.withdrawn'
        | 'link.added'
        | 'link.removed'
        | 'claim.merged'
        | 'claim.unmerged'
        | 'source.changed';
      /**
       * Format: uuid
       * @description The claim it is about (null for import.completed and source.changed; a link's events come once for each of its claims)
       */
      claimId: string | null;
      /**
       * Format: date-time
       * @description When the change was made (its transaction began)
       */
      at: string;
      /** @description claim.created: statement, tags, language, status, score. stance.added: stanceId, sourceId, kind, statedAt, viaSourceId. claim.status_changed: from, to, fromScore, score, statement. import.completed: what the import wrote. review.recorded: reviewId, verdict, statusAtReview, reviewerKeyId. review.withdrawn: reviewId, verdict. link.added, link.removed: linkId, fromClaimId, toClaimId, kind. claim.merged: into, statement. claim.unmerged: from, statement. source.changed: sourceId, name, reliability, affiliatedWithId, groupId, mergedIntoId, changed (which of those moved). */
      data: {
        [key: string]: unknown;
      };
    };
    LineErrorDto: {
      /** @example 3 */
      line: number;
      /** @example sourceId */
      field?: string;
      /** @example no earlier line has the key "mfa", and it is not an id */
      message: string;
    };
    LineProblemDto: {
      /** @example urn:claimgraph:problem:validation-failed */
      type: string;
      /** @example The request is not valid */
      title: string;
      /** @example 400 */
      status: number;
      detail: string;
      /**
       * @description Stable machine-readable code
       * @example VALIDATION_FAILED
       */
      code: string;
      requestId: string;
      /**
       * Format: uuid
       * @description CLAIM_MERGED and SOURCE_MERGED only: the claim or source this one was merged into
       */
      mergedIntoId?: string;
      /**
       * Format: uuid
       * @description SOURCE_EXISTS only: the source that already has the name
       */
      existingSourceId?: string;
      /** @description IMPORT_INVALID: the refused lines (the first 100) */
      errors?: components['schemas']['LineErrorDto'][];
    };
    ImportCountsDto: {
      sources: number;
      claims: number;
      stances: number;
      links: number;
      /** @description Editors’ verdicts */
      reviews: number;
    };
    ImportResultDto: {
      /**
       * Format: uuid
       * @description Names the import in the audit trail (entityType "import") and in claim history (causeId)
       */
      importId: string;
      /** @description Lines read, blank ones included */
      lines: number;
      /** @description Records stored, by type */
      created: components['schemas']['ImportCountsDto'];
      /** @description Claims whose status, score and counts were recomputed because stances were added to them */
      claimsRecomputed: number;
      /** @description The id of each keyed source and claim, when the file has at most 1000 keys (null otherwise: give records an "id" to know it beforehand) */
      keys: {
        [key: string]: string;
      } | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
  checkHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The database answers. With read replicas, `info.replicas.servers` says how each answered its last check (reachable, replaying, lag) and whether reads go to it; a replica out of use never makes the instance unhealthy, since the primary answers its reads */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ok';
            info?: {
              [key: string]: unknown;
            };
            error?: {
              [key: string]: unknown;
            };
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listAuditEntries: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
        entityType?: 'source' | 'claim' | 'stance' | 'link' | 'review' | 'api_key' | 'import';
        entityId?: string;
        /** @description Every entry concerning this claim: the claim itself (created, changed, deleted, merged away or back), its stances, links from or to it, verdicts on it, and claims merged into it */
        claimId?: string;
        /** @description The API key that made the change */
        keyId?: string;
        action?: string;
        /** @description At or after */
        from?: string;
        /** @description Before */
        to?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listApiKeys: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiKeyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKeyResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getApiKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  revokeApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getSession: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionResponseDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  createSession: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  deleteSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listSources: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
        kind?: 'person' | 'organization' | 'government' | 'outlet' | 'document' | 'other';
        /** @description Search names and aliases, ignoring case and accents and tolerating small misspellings ("Ghasemi" finds "Bahram Ghassemi"); best matches first */
        q?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourcePageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  createSource: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NewSourceDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedSourceResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description Conflicts with stored data
       *
       *     Conflicts with stored data
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description Refers to something that does not exist, or breaks a rule
       *
       *     Refers to something that does not exist, or breaks a rule
       */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listDuplicates: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DuplicatesResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getSource: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceResponseDto'];
        };
      };
      /** @description Not modified: If-None-Match names the current ETag */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  deleteSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  updateSource: {
    parameters: {
      query?: never;
      header?: {
        /** @description The version you read, as "<version>"; 412 if it is stale */
        'If-Match'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateSourceDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match names an older version (VERSION_MISMATCH) */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getTrackRecord: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TrackRecordResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  mergeSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MergeSourceDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceMergeResultDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  unmergeSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listClaims: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
        status?: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
        /** @description Claims carrying this tag */
        tag?: string;
        /** @description Claims this source has taken a stance on */
        sourceId?: string;
        /** @description Full-text search of statement and context in web-search syntax: words, "quoted phrases", -excluded, or. Each claim is matched in its own language (stemmed where PostgreSQL has a dictionary for it). Results are ranked by relevance unless another sort is given, and carry a highlighted snippet. */
        q?: string;
        /** @description Claims changed at or after this moment */
        updatedSince?: string;
        /** @description Claims whose learned assessment finds this outcome the likeliest (claims not yet assessed are left out) */
        likely?: 'true' | 'false' | 'unproven';
        /** @description Default: relevance with q, otherwise -updatedAt. relevance needs q. likelihood: the probability of the likeliest outcome in the learned assessment (claims not yet assessed are left out); with likely=false, -likelihood lists the surest false first. */
        sort?:
          | '-updatedAt'
          | '-score'
          | 'score'
          | '-statusChangedAt'
          | 'relevance'
          | '-likelihood'
          | 'likelihood';
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  createClaim: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateClaimDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedClaimResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description Refers to something that does not exist, or breaks a rule
       *
       *     Refers to something that does not exist, or breaks a rule
       */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getClaim: {
    parameters: {
      query?: {
        /** @description What to bring along, comma-separated, any of: stances, sources, links, reviews, history */
        include?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimPageResponseDto'];
        };
      };
      /** @description Not modified: If-None-Match names the current ETag */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  deleteClaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  updateClaim: {
    parameters: {
      query?: never;
      header?: {
        /** @description The version you read, as "<version>"; 412 if it is stale */
        'If-Match'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateClaimDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match names an older version (VERSION_MISMATCH) */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listClaimStances: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
        /** @description Only the latest stance of each source */
        effective?: boolean;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StancePageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  addClaimStance: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateStanceDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StanceResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description Refers to something that does not exist, or breaks a rule
       *
       *     Refers to something that does not exist, or breaks a rule
       */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listSourceStances: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StancePageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getStance: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StanceResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  deleteStance: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  updateStance: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateStanceDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StanceResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getClaimCorroboration: {
    parameters: {
      query?: {
        /** @description The story as of this moment: count only stances stated at or before it */
        asOf?: string;
        /** @description What Claimgraph itself showed at this moment (corrections and deletions included); status, score and counts only */
        knownAt?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CorroborationResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listClaimHistory: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HistoryPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listClaimLinks: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
        /** @description out: from this claim; in: to it */
        direction?: 'out' | 'in' | 'both';
        kind?: 'part_of' | 'depends_on' | 'contradicts' | 'related';
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LinkPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  createClaimLink: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateLinkDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LinkResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description Conflicts with stored data
       *
       *     Conflicts with stored data
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description Refers to something that does not exist, or breaks a rule
       *
       *     Refers to something that does not exist, or breaks a rule
       */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getLink: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LinkResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  deleteLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listClaimReviews: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReviewPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  reviewClaim: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateReviewDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description URL of the new resource */
          Location?: string;
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReviewResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  withdrawReview: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WithdrawReviewDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WithdrawnReviewResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getReviewQueue: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
        status?: 'unsourced' | 'disputed' | 'denied' | 'corroborated' | 'retracted' | 'unverified';
        tag?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReviewQueuePageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getClaimReview: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description ClaimReview */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/ld+json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listClaimReviewFeed: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of ClaimReviews */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items?: {
              [key: string]: unknown;
            }[];
            nextCursor?: string | null;
          };
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  mergeClaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MergeClaimDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MergeResultDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  unmergeClaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Conflicts with stored data */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Refers to something that does not exist, or breaks a rule */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getGraph: {
    parameters: {
      query?: {
        /** @description Seed: a claim */
        claimId?: string;
        /** @description Seed: a source */
        sourceId?: string;
        /** @description Seed: every claim with this tag */
        tag?: string;
        /** @description How many steps out from the seeds */
        depth?: number;
        /** @description At most this many claims and sources; the group nodes drawn around the sources come on top (at most one per source) */
        maxNodes?: number;
        /** @description Which edges to follow: `all` (stances, links between claims, affiliations) or `links` (only the links between claims: the claims one depends on, is part of, contradicts or relates to, with no sources) */
        walk?: 'all' | 'links';
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GraphResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId) */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  getStats: {
    parameters: {
      query?: {
        /** @description Comma-separated sections to answer: claims, tags, statusChanges, mostDisputed, agreement. Default: all of them */
        include?: string;
        /** @description First UTC day of the status changes (included). Default: 30 days ending at `to`, counting both */
        from?: string;
        /** @description Last UTC day of the status changes (included); at most 366 days after `from`. Default: today */
        to?: string;
        /** @description How many tags, most claims first */
        tagLimit?: number;
        /** @description How many of the most disputed claims */
        disputedLimit?: number;
        /** @description How many pairs of groups, most shared claims first */
        agreementLimit?: number;
        /** @description Only this independence group's pairs, with it as groupA (a member source's id stands for its group) */
        groupId?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatsResponseDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  listActivity: {
    parameters: {
      query?: {
        /** @description Changes made at or after this moment. Default: 24 hours before the request */
        since?: string;
        /** @description Changes made before this moment. Default: none (up to now) */
        until?: string;
        /** @description Only the changes this API key made, among the span's newest 5,000 (`complete: false` when the span held more) */
        keyId?: string;
        /** @description Claims per page */
        limit?: number;
        /** @description Opaque cursor from the previous page’s nextCursor */
        cursor?: string;
      };
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActivityPageDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  streamEvents: {
    parameters: {
      query?: {
        /** @description Only events about this claim */
        claimId?: string;
        /** @description Only events of these types, comma-separated: claim.created, stance.added, claim.status_changed, import.completed, review.recorded, review.withdrawn, link.added, link.removed, claim.merged, claim.unmerged, source.changed */
        types?: string;
        /** @description Resume after this event, for clients that cannot send the Last-Event-ID header (the header wins when both are given) */
        lastEventId?: string;
        /** @description Start from the events written at or after this moment (with perhaps a few from just before it, never a gap), for activity views and pollers that keep a time rather than an event id. Not with lastEventId; a Last-Event-ID header wins over it (an EventSource that reconnects resumes where it was). Within the 7 days events are kept, else 410 EVENTS_EXPIRED */
        since?: string;
        /** @description false: send the events after Last-Event-ID that exist now, then end the response (polling clients) */
        follow?: boolean;
      };
      header?: {
        /** @description Resume after this event (0: from the oldest kept) */
        'Last-Event-ID'?: string;
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The stream; each `data:` line is one EventDto */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': components['schemas']['EventDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description EVENTS_EXPIRED: the events after Last-Event-ID, or since that moment, are no longer kept */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description EVENTS_TOO_MANY_STREAMS: this API key (or address, for anonymous callers) has as many streams open as it may; see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description EVENTS_AT_CAPACITY, EVENTS_UNAVAILABLE or DATABASE_UNAVAILABLE: reconnect after Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  importFile: {
    parameters: {
      query?: never;
      header?: {
        /** @description sha-256=:<base64>: (RFC 9530) of the body: checked once the body has arrived; required with Idempotency-Key */
        'Content-Digest'?: string;
        /** @description A retry with the same key and the same Content-Digest within 24 h gets the first answer and writes nothing */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description One JSON object per line, each with `type` ("source", "claim", "stance" or "link") and the fields of the matching create body (POST /v1/sources, /v1/claims, /v1/claims/{id}/stances with `claimId`, /v1/claims/{id}/links with `fromClaimId`), plus an optional `key` (1–200 characters) later lines may use in place of an id, an optional `id`, and the stored timestamps an export writes. References (affiliatedWithId, claimId, sourceId, viaSourceId, fromClaimId, toClaimId, mergedIntoId) take the key of an earlier line or the id of a stored record. Lines up to 1048576 bytes. A merged claim (mergedIntoId) needs the editor role; stored timestamps (createdAt, updatedAt, recordedAt, mergedAt) the admin role. */
    requestBody: {
      content: {
        'application/x-ndjson': string;
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored) */
          'Claimgraph-Consistency'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportResultDto'];
        };
      };
      /** @description Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The key’s role may not do this (FORBIDDEN) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The request or its body did not arrive in time (REQUEST_TIMEOUT) */
      408: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description IMPORT_INVALID (nothing was imported; every refused line is listed by number), or IDEMPOTENCY_KEY_REUSED */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['LineProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  exportAll: {
    parameters: {
      query?: never;
      header?: {
        /** @description The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token */
        'Claimgraph-Consistency'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, as an attachment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson': string;
        };
      };
      /** @description No API key, or one that is unknown or revoked (UNAUTHENTICATED) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Over a rate or concurrency limit; try again after Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The database is unavailable or the instance is at capacity; try again after Retry-After */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Error */
      507: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
}
