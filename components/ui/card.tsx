import type { ComponentProps, ReactNode } from "react";

export function Card({ className = "", ...rest }: ComponentProps<"div">) {
  return <div className={`rounded-xl border border-slate-200 bg-white shadow-sm ${className}`} {...rest} />;
}

/** A card section with a heading, optional description and actions on the right. */
export function CardHeader({
  title,
  description,
  actions,
  titleId,
  as: Heading = "h2",
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  titleId?: string;
  as?: "h2" | "h3";
}) {
  return (
    <div className="flex flex-col gap-3 border-b border-slate-200 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <Heading id={titleId} className="text-base font-semibold text-slate-900">
          {title}
        </Heading>
        {description && <p className="mt-0.5 text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function CardBody({ className = "", ...rest }: ComponentProps<"div">) {
  return <div className={`px-5 py-5 ${className}`} {...rest} />;
}

export function CardFooter({ className = "", ...rest }: ComponentProps<"div">) {
  return (
    <div
      className={`flex flex-wrap items-center justify-end gap-2 rounded-b-xl border-t border-slate-200 bg-slate-50 px-5 py-3 ${className}`}
      {...rest}
    />
  );
}
