"use client";

import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, describedBy } from "@/components/ui/field";
import { LoadFailed } from "@/components/ui/load-failed";
import { LoadingRows } from "@/components/ui/skeleton";
import { useApiData } from "@/components/use-api-data";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface CreatedKey extends ApiKeyRow {
  key: string;
}

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });

function formatDay(iso: string | null): string {
  return iso ? dateFormat.format(new Date(iso)) : "Never";
}

export function ApiKeysPanel({ publicUrl }: { publicUrl: string }) {
  const { data: keys, setData: setKeys, loadError, reload } = useApiData<ApiKeyRow[]>("/api/v1/api-keys");
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [revokePending, setRevokePending] = useState(false);
  const [actionError, setActionError] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setCreating(true);
    setNameError(undefined);
    setActionError(undefined);
    try {
      const key = await api.post<CreatedKey>("/api/v1/api-keys", { name });
      setCreated(key);
      setName("");
      setKeys((list) => [{ ...key, lastUsedAt: null }, ...(list ?? [])]);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors().name) setNameError(error.fieldErrors().name);
      else setActionError(errorMessage(error));
    } finally {
      setCreating(false);
    }
  }

  async function revoke() {
    if (!revoking) return;
    setRevokePending(true);
    setActionError(undefined);
    try {
      await api.delete(`/api/v1/api-keys/${encodeURIComponent(revoking.id)}`);
      setKeys((list) => list?.filter((k) => k.id !== revoking.id) ?? null);
      if (created?.id === revoking.id) setCreated(null);
      setRevoking(null);
    } catch (error) {
      setActionError(errorMessage(error));
      setRevoking(null);
    } finally {
      setRevokePending(false);
    }
  }

  return (
    <Card>
      <CardHeader
        title="API keys"
        description={
          <>
            Use a key to call the Kairos API from scripts: send it as <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">Authorization: Bearer kai_…</code>
          </>
        }
      />
      <CardBody className="space-y-5">
        {actionError && <Alert tone="error">{actionError}</Alert>}

        {created && (
          <div className="rounded-lg border border-amber-200 bg-amber-50 p-4" role="status">
            <p className="text-sm font-semibold text-amber-900">Copy your new key “{created.name}” now</p>
            <p className="mt-1 text-sm text-amber-900">
              For your security it is shown only this once. Store it somewhere safe; if you lose it, delete it and create a new one.
            </p>
            <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
              <label htmlFor="new-api-key" className="sr-only">
                New API key
              </label>
              <input
                id="new-api-key"
                readOnly
                value={created.key}
                onFocus={(e) => e.currentTarget.select()}
                className="h-10 w-full min-w-0 rounded-lg border border-amber-300 sm:flex-1 bg-white px-3 font-mono text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
              />
              <div className="flex gap-2">
                <CopyButton text={created.key} label="Copy key" accessibleLabel="Copy API key" variant="primary" size="md" />
                <Button variant="secondary" onClick={() => setCreated(null)}>
                  Done
                </Button>
              </div>
            </div>
            <p className="mt-3 text-xs text-amber-900">
              Try it: <code className="break-all">curl -H &quot;Authorization: Bearer {created.key}&quot; {publicUrl}/api/v1/me</code>
            </p>
          </div>
        )}

        <form onSubmit={create} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <Field id="api-key-name" label="New key name" error={nameError} hint="E.g. the script or service that will use it." className="flex-1">
            <Input
              id="api-key-name"
              value={name}
              maxLength={100}
              placeholder="Zapier export"
              onChange={(e) => {
                setName(e.target.value);
                setNameError(undefined);
              }}
              invalid={!!nameError}
              {...describedBy("api-key-name", { error: nameError, hint: true })}
            />
          </Field>
          <Button type="submit" loading={creating} className="sm:mb-[1.375rem]">
            Create key
          </Button>
        </form>

        {loadError && !keys ? (
          <div className="space-y-3">
            <LoadFailed title="Your keys could not be loaded." error={loadError} onRetry={() => void reload()} />
          </div>
        ) : !keys ? (
          <LoadingRows rows={2} label="Loading API keys…" />
        ) : keys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">You have no API keys yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your API keys</caption>
              <thead className="bg-slate-50 text-xs text-slate-600 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
                  <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Key</th>
                  <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Created</th>
                  <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Last used</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td className="px-4 py-3 font-medium text-slate-900">
                      {k.name}
                      <span className="mt-0.5 block font-mono text-xs font-normal text-slate-600 sm:hidden">{k.prefix}…</span>
                      <span className="mt-0.5 block text-xs font-normal text-slate-600 sm:hidden">
                        Created {formatDay(k.createdAt)} · Last used: {formatDay(k.lastUsedAt)}
                      </span>
                    </td>
                    <td className="hidden px-4 py-3 font-mono text-xs text-slate-700 sm:table-cell">{k.prefix}…</td>
                    <td className="hidden px-4 py-3 text-slate-700 sm:table-cell">{formatDay(k.createdAt)}</td>
                    <td className="hidden px-4 py-3 text-slate-700 sm:table-cell">{formatDay(k.lastUsedAt)}</td>
                    <td className="px-4 py-3 text-right">
                      <Button
                        variant="ghostDanger"
                        size="sm"
                        onClick={() => setRevoking(k)}
                        aria-label={`Delete API key ${k.name}`}
                      >
                        Delete
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardBody>

      <Dialog
        open={revoking !== null}
        onClose={() => !revokePending && setRevoking(null)}
        title={`Delete the key “${revoking?.name ?? ""}”?`}
        description="Anything still using it will be refused at once. This can’t be undone."
        footer={
          <>
            <Button variant="secondary" onClick={() => setRevoking(null)} disabled={revokePending}>
              Keep it
            </Button>
            <Button variant="danger" onClick={() => void revoke()} loading={revokePending}>
              Delete key
            </Button>
          </>
        }
      />
    </Card>
  );
}
