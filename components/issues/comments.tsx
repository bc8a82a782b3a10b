"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { issueKeys } from "@/lib/issues/query-keys";
import type { CommentItem } from "@/lib/issues/types";
import { lineageKeys } from "@/lib/lineage/query-keys";
import { PRIMARY_BUTTON, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { RelativeTime } from "@/components/ui/relative-time";
import { createComment, deleteComment, describeError, editComment, fetchComments, type CommentSubject } from "./issues-api";
import { Markdown } from "./markdown";

interface Props {
  tenantId: string;
  subject: CommentSubject;
  initial: CommentItem[];
  canWrite: boolean;
}

const TEXTAREA =
  "block w-full resize-y rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm text-zinc-900 placeholder:text-zinc-400 focus:border-emerald-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100";

/** Markdown comments, oldest first; authors edit and delete their own. */
export function Comments({ tenantId, subject, initial, canWrite }: Props) {
  const client = useQueryClient();
  const key = issueKeys.comments(tenantId, subject.type, subject.id);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchComments(subject, signal), initialData: initial });
  const changed = () => {
    void client.invalidateQueries({ queryKey: key });
    void client.invalidateQueries({ queryKey: lineageKeys.subject(tenantId, subject.type, subject.id) });
    if (subject.type === "issue") void client.invalidateQueries({ queryKey: issueKeys.detail(tenantId, subject.id) });
  };
  const comments = query.data;
  return (
    <div className="space-y-3" data-testid="comments">
      {comments.length === 0 ? (
        <p className="text-zinc-500 dark:text-zinc-400">No comments yet.</p>
      ) : (
        <ol className="space-y-3">
          {comments.map((c) => (
            <CommentView key={c.id} comment={c} canWrite={canWrite} onChanged={changed} />
          ))}
        </ol>
      )}
      {query.isError && <p className="text-xs text-red-700 dark:text-red-400">Could not refresh the comments: {describeError(query.error)}</p>}
      {canWrite && <NewComment subject={subject} onAdded={changed} />}
    </div>
  );
}

function NewComment({ subject, onAdded }: { subject: CommentSubject; onAdded: () => void }) {
  const [body, setBody] = useState("");
  const add = useMutation({
    mutationFn: () => createComment(subject, body),
    onSuccess: () => {
      setBody("");
      onAdded();
    },
  });
  return (
    <form
      className="space-y-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) add.mutate();
      }}
    >
      <textarea
        className={TEXTAREA}
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && body.trim()) {
            e.preventDefault();
            add.mutate();
          }
        }}
        placeholder="Add a comment (Markdown)…"
        aria-label="New comment"
        maxLength={20_000}
      />
      <div className="flex items-center gap-2">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Markdown · Ctrl+Enter to send</span>
        {add.isError && <span className="text-xs text-red-700 dark:text-red-400">{describeError(add.error)}</span>}
        <button type="submit" className={`${PRIMARY_BUTTON} ml-auto h-7`} disabled={!body.trim() || add.isPending}>
          {add.isPending ? "Sending…" : "Comment"}
        </button>
      </div>
    </form>
  );
}

function CommentView({ comment, canWrite, onChanged }: { comment: CommentItem; canWrite: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (body: string) => editComment(comment.id, body, comment.version),
    onSuccess: () => {
      setEditing(null);
      onChanged();
    },
    onError: onChanged,
  });
  const remove = useMutation({ mutationFn: () => deleteComment(comment.id), onSuccess: onChanged });
  const own = canWrite && comment.mine;
  return (
    <li className="rounded-md border border-zinc-200 dark:border-zinc-800" data-testid="comment">
      <div className="flex items-baseline gap-2 border-b border-zinc-100 bg-zinc-50 px-2.5 py-1 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{comment.author.name}</span>
        <RelativeTime iso={comment.createdAt} />
        {comment.edited && <span title={`Edited ${comment.updatedAt}`}>(edited)</span>}
        {own && editing === null && (
          <span className="ml-auto flex gap-2">
            <button type="button" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100" onClick={() => setEditing(comment.body)}>
              Edit
            </button>
            {confirming ? (
              <>
                <button type="button" className="font-medium text-red-700 hover:underline dark:text-red-400" onClick={() => remove.mutate()} disabled={remove.isPending}>
                  Delete it
                </button>
                <button type="button" className="hover:underline" onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" className="hover:text-red-700 hover:underline dark:hover:text-red-400" onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
          </span>
        )}
      </div>
      <div className="px-2.5 py-2">
        {editing !== null ? (
          <form
            className="space-y-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              if (editing.trim()) save.mutate(editing);
            }}
          >
            <textarea className={TEXTAREA} rows={3} value={editing} onChange={(e) => setEditing(e.target.value)} aria-label="Edit comment" maxLength={20_000} autoFocus />
            <div className="flex items-center justify-end gap-2">
              {save.isError && <span className="mr-auto text-xs text-red-700 dark:text-red-400">{describeError(save.error)}</span>}
              <button type="button" className={`${TOOLBAR_BUTTON} h-7`} onClick={() => setEditing(null)}>
                Cancel
              </button>
              <button type="submit" className={`${PRIMARY_BUTTON} h-7`} disabled={!editing.trim() || save.isPending}>
                Save
              </button>
            </div>
          </form>
        ) : (
          <Markdown>{comment.body}</Markdown>
        )}
        {remove.isError && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{describeError(remove.error)}</p>}
      </div>
    </li>
  );
}
