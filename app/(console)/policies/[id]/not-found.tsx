import Link from "next/link";

export default function PolicyNotFound() {
  return (
    <section className="mx-auto max-w-xl py-16 text-center" data-testid="policy-not-found">
      <h1 className="text-xl font-semibold">Network policy not found</h1>
      <p className="mt-2 text-zinc-500 dark:text-zinc-400">It does not exist in this tenant, was deleted, or the link is wrong.</p>
      <Link href="/policies" className="mt-4 inline-block text-emerald-700 hover:underline dark:text-emerald-400">
        Back to the policies
      </Link>
    </section>
  );
}
