import type { ConferenceLocationType } from "@/lib/event-types/conference-location";
import type { LocationType } from "@/lib/event-types/event-type-schema";

export const LOCATION_LABELS: Record<LocationType, string> = {
  link: "Video link",
  phone: "Phone call",
  in_person: "In person",
  google_meet: "Google Meet",
  microsoft_teams: "Microsoft Teams",
};

/** What a conference location means, for forms: the link is made per booking by the host's calendar. */
export const CONFERENCE_HINTS: Record<ConferenceLocationType, string> = {
  google_meet: "Each booking gets its own Google Meet link, made by your Google calendar when the booking is added to it. Needs a Google calendar as the destination.",
  microsoft_teams:
    "Each booking gets its own Teams meeting, made by your Microsoft 365 calendar when the booking is added to it. Needs a Microsoft 365 calendar as the destination.",
};

/** What the value field of each location type is called in forms (conference locations have none). */
export const LOCATION_VALUE_LABELS: Record<Exclude<LocationType, ConferenceLocationType>, { label: string; placeholder: string; hint: string; inputType: string }> = {
  link: { label: "Meeting link", placeholder: "https://meet.example.com/your-room", hint: "Guests get this link in their confirmation.", inputType: "url" },
  phone: { label: "Phone number", placeholder: "+1 555 010 0000", hint: "The number the call happens on; shared with the guest.", inputType: "tel" },
  in_person: { label: "Address", placeholder: "221B Baker Street, London", hint: "Where you meet; shared with the guest.", inputType: "text" },
};

export function LocationIcon({ type, className = "size-4" }: { type: LocationType; className?: string }) {
  const common = { viewBox: "0 0 20 20", fill: "currentColor", className, "aria-hidden": true } as const;
  if (type === "link" || type === "google_meet" || type === "microsoft_teams") {
    return (
      <svg {...common}>
        <path d="M3.25 4A2.25 2.25 0 0 0 1 6.25v7.5A2.25 2.25 0 0 0 3.25 16h7.5A2.25 2.25 0 0 0 13 13.75v-7.5A2.25 2.25 0 0 0 10.75 4h-7.5ZM19 4.75a.75.75 0 0 0-1.28-.53l-3 3a.75.75 0 0 0-.22.53v4.5c0 .199.079.39.22.53l3 3a.75.75 0 0 0 1.28-.53V4.75Z" />
      </svg>
    );
  }
  if (type === "phone") {
    return (
      <svg {...common}>
        <path
          fillRule="evenodd"
          d="M2 3.5A1.5 1.5 0 0 1 3.5 2h1.148a1.5 1.5 0 0 1 1.465 1.175l.513 2.31a1.5 1.5 0 0 1-1.02 1.696l-.97.323a11.04 11.04 0 0 0 6.36 6.36l.323-.97a1.5 1.5 0 0 1 1.696-1.02l2.31.513A1.5 1.5 0 0 1 18 13.352V14.5a1.5 1.5 0 0 1-1.5 1.5H15C8.373 16 3 10.627 3 4V3.5Z"
          clipRule="evenodd"
        />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <path
        fillRule="evenodd"
        d="m9.69 18.933.003.001C9.89 19.02 10 19 10 19s.11.02.308-.066l.002-.001.006-.003.018-.008a5.741 5.741 0 0 0 .281-.14c.186-.096.446-.24.757-.433.62-.384 1.445-.966 2.274-1.765C15.302 14.988 17 12.493 17 9A7 7 0 1 0 3 9c0 3.492 1.698 5.988 3.355 7.584a13.731 13.731 0 0 0 2.273 1.765 11.842 11.842 0 0 0 .976.544l.062.029.018.008.006.003ZM10 11.25a2.25 2.25 0 1 0 0-4.5 2.25 2.25 0 0 0 0 4.5Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
