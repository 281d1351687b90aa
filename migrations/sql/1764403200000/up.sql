-- Frozen: shipped with migration 1764403200000. Never edit; change it in a new migration (migrations/README.md).

CREATE TABLE {{schema}}.namespaces (
  id          serial PRIMARY KEY,
  name        varchar(64) NOT NULL UNIQUE,
  description text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.named_tasks (
  id            serial PRIMARY KEY,
  namespace_id  int NOT NULL REFERENCES {{schema}}.namespaces (id),
  name          varchar(128) NOT NULL,
  version       varchar(32) NOT NULL,
  description   text,
  -- the definition as last registered (steps, dependencies, context schema), for the API and audits
  configuration jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (namespace_id, name, version)
);

CREATE TABLE {{schema}}.named_steps (
  id            serial PRIMARY KEY,
  named_task_id int NOT NULL REFERENCES {{schema}}.named_tasks (id) ON DELETE CASCADE,
  name          varchar(128) NOT NULL,
  handler       varchar(256) NOT NULL,
  description   text,
  UNIQUE (named_task_id, name)
);

-- fillfactor leaves room on each page so the per-step counter updates stay HOT (no index writes).
CREATE TABLE {{schema}}.tasks (
  id              uuid PRIMARY KEY,
  named_task_id   int NOT NULL REFERENCES {{schema}}.named_tasks (id),
  namespace       varchar(64) NOT NULL,
  name            varchar(128) NOT NULL,
  version         varchar(32) NOT NULL,
  status          varchar(32) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'complete', 'error', 'cancelled', 'resolved_manually')),
  context         jsonb NOT NULL,
  initiator       varchar(128),
  source_system   varchar(128),
  reason          varchar(256),
  tags            text[] NOT NULL DEFAULT '{}',
  idempotency_key varchar(256),
  total_steps     int NOT NULL,
  -- maintained by the statements that change step statuses, so finishing a task needs no scan:
  completed_steps int NOT NULL DEFAULT 0, -- complete or resolved_manually
  active_steps    int NOT NULL DEFAULT 0, -- ready (pending with parents done), in_progress or waiting_for_retry
  failed_steps    int NOT NULL DEFAULT 0, -- in error
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  completed_at    timestamptz
) WITH (fillfactor = 80);

-- Idempotency keys are unique per namespace/name across versions and statuses, forever.
CREATE UNIQUE INDEX tasks_idempotency_key_uq ON {{schema}}.tasks (namespace, name, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX tasks_created_at_idx ON {{schema}}.tasks (created_at DESC, id DESC);
CREATE INDEX tasks_status_created_at_idx ON {{schema}}.tasks (status, created_at DESC);
CREATE INDEX tasks_name_created_at_idx ON {{schema}}.tasks (namespace, name, created_at DESC);
CREATE INDEX tasks_named_task_idx ON {{schema}}.tasks (named_task_id);

CREATE TABLE {{schema}}.steps (
  id                 uuid PRIMARY KEY,
  task_id            uuid NOT NULL REFERENCES {{schema}}.tasks (id) ON DELETE CASCADE,
  named_step_id      int NOT NULL REFERENCES {{schema}}.named_steps (id),
  name               varchar(128) NOT NULL,
  position           smallint NOT NULL, -- index in the task's dependency order
  status             varchar(32) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'waiting_for_retry', 'complete', 'error', 'cancelled', 'resolved_manually')),
  retryable          boolean NOT NULL DEFAULT true,
  attempts           int NOT NULL DEFAULT 0,
  max_attempts       int NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  timeout_ms         int,
  backoff            jsonb, -- per-step override of the module backoff, null when none
  results            jsonb,
  last_error         jsonb, -- { message, code, type } of the last failure
  total_parents      int NOT NULL DEFAULT 0,
  unfinished_parents int NOT NULL DEFAULT 0, -- parents not complete/resolved; 0 means dependencies met
  next_attempt_at    timestamptz, -- when a ready or waiting step may be claimed; null while blocked
  lease_owner        varchar(128),
  lease_expires_at   timestamptz,
  last_attempted_at  timestamptz,
  completed_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (task_id, name),
  -- Only a running step holds a lease: the hot path tests lease_owner instead of the status.
  CONSTRAINT steps_lease_check CHECK (lease_owner IS NULL OR status = 'in_progress')
) WITH (fillfactor = 90);

-- The claim's only access path: exactly the claimable rows, ordered by when they became due.
-- Finished history never enters it, so claims do not slow down as the table grows.
CREATE INDEX steps_ready_idx ON {{schema}}.steps (next_attempt_at)
  WHERE status IN ('pending', 'waiting_for_retry') AND unfinished_parents = 0;
-- Lease expiry sweeps look only at running steps.
CREATE INDEX steps_lease_idx ON {{schema}}.steps (lease_expires_at) WHERE status = 'in_progress';
-- No index on steps.named_step_id: every step update would pay for it, and it would serve only
-- the foreign-key check when a named step is deleted (an operator's rare clean-up).

CREATE TABLE {{schema}}.step_edges (
  task_id   uuid NOT NULL REFERENCES {{schema}}.tasks (id) ON DELETE CASCADE,
  parent_id uuid NOT NULL REFERENCES {{schema}}.steps (id) ON DELETE CASCADE,
  child_id  uuid NOT NULL REFERENCES {{schema}}.steps (id) ON DELETE CASCADE,
  PRIMARY KEY (parent_id, child_id),
  CHECK (parent_id <> child_id)
);
CREATE INDEX step_edges_child_idx ON {{schema}}.step_edges (child_id);
CREATE INDEX step_edges_task_idx ON {{schema}}.step_edges (task_id);

-- Append-only history. No foreign keys: they would cost a lookup per row on the hot path, and
-- history may outlive (or be archived apart from) the rows it describes.
CREATE TABLE {{schema}}.task_transitions (
  id          bigserial PRIMARY KEY,
  task_id     uuid NOT NULL,
  from_status varchar(32),
  to_status   varchar(32) NOT NULL,
  reason      varchar(128),
  worker      varchar(128),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_transitions_task_idx ON {{schema}}.task_transitions (task_id, id);

CREATE TABLE {{schema}}.step_transitions (
  id          bigserial PRIMARY KEY,
  step_id     uuid NOT NULL,
  task_id     uuid NOT NULL,
  from_status varchar(32),
  to_status   varchar(32) NOT NULL,
  attempt     int NOT NULL DEFAULT 0,
  worker      varchar(128),
  error       jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX step_transitions_task_idx ON {{schema}}.step_transitions (task_id, id);

CREATE TABLE {{schema}}.annotation_types (
  id          serial PRIMARY KEY,
  name        varchar(64) NOT NULL UNIQUE,
  description text
);

CREATE TABLE {{schema}}.task_annotations (
  id                 bigserial PRIMARY KEY,
  task_id            uuid NOT NULL REFERENCES {{schema}}.tasks (id) ON DELETE CASCADE,
  annotation_type_id int NOT NULL REFERENCES {{schema}}.annotation_types (id),
  annotation         jsonb NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_annotations_task_idx ON {{schema}}.task_annotations (task_id);
CREATE INDEX task_annotations_type_idx ON {{schema}}.task_annotations (annotation_type_id);
CREATE INDEX task_annotations_annotation_idx ON {{schema}}.task_annotations USING gin (annotation jsonb_path_ops);
