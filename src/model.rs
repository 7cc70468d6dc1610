//! The canonical vocabulary of a touch log (docs/metrics.md §1): directions,
//! channels, outcomes and prospect statuses, with their exact spellings.
//!
//! Parsing is deliberately strict: values are trimmed and compared
//! case-insensitively against the canonical spellings only (§8.2). Synonyms
//! such as "phone" for `call` belong to CRM presets, not to the canonical
//! reader, so that a canonical file means exactly what docs/metrics.md says.

use serde::Serialize;

/// Who moved: the seller reaching out, or the prospect reaching back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Out,
    In,
}

impl Direction {
    /// `in`/`inbound`/`incoming` and `out`/`outbound`/`outgoing` (§8.2);
    /// anything else (including empty) is `None`: derive it from the outcome.
    pub fn parse(raw: &str) -> Option<Direction> {
        let v = raw.trim();
        for (names, dir) in [
            (&["in", "inbound", "incoming"][..], Direction::In),
            (&["out", "outbound", "outgoing"][..], Direction::Out),
        ] {
            if names.iter().any(|n| v.eq_ignore_ascii_case(n)) {
                return Some(dir);
            }
        }
        None
    }

    /// §1: with no usable direction, `in` if the outcome is `replied`, else `out`.
    pub fn derive(outcome: Outcome) -> Direction {
        if outcome == Outcome::Replied {
            Direction::In
        } else {
            Direction::Out
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
        }
    }
}

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, default $default:ident, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in canonical order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value an empty cell takes.
            pub const DEFAULT: $name = $name::$default;

            /// The canonical spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Case-insensitive, trimmed match on the canonical spelling.
            pub fn parse(raw: &str) -> Option<$name> {
                let v = raw.trim();
                Self::ALL.iter().copied().find(|x| v.eq_ignore_ascii_case(x.as_str()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// The medium of an event.
    Channel, default Other, {
    Call => "call",
    Email => "email",
    Voicemail => "voicemail",
    Sms => "sms",
    Social => "social",
    Meeting => "meeting",
    Other => "other",
});

vocabulary!(
    /// What came of an event.
    Outcome, default None, {
    None => "none",
    NoAnswer => "no_answer",
    Voicemail => "voicemail",
    Connected => "connected",
    Replied => "replied",
    Meeting => "meeting",
    Bounced => "bounced",
    OptedOut => "opted_out",
    Won => "won",
    Lost => "lost",
});

vocabulary!(
    /// Status of a prospect with at least one touch (§2).
    Status, default Open, {
    Converted => "converted",
    Lost => "lost",
    Abandoned => "abandoned",
    Open => "open",
});

impl Status {
    /// `abandoned` and `lost` prospects are the ones a rep gave up on (§4).
    pub(crate) fn is_given_up(self) -> bool {
        matches!(self, Status::Abandoned | Status::Lost)
    }
}

impl Outcome {
    /// `lost` and `opted_out` both end a prospect as lost (§8.6).
    pub(crate) fn is_loss(self) -> bool {
        matches!(self, Outcome::Lost | Outcome::OptedOut)
    }
}

/// One canonical event, with the prospect and rep interned as indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Index into the log's prospect-id table.
    pub prospect: u32,
    /// Microseconds since the Unix epoch, UTC.
    pub ts: i64,
    pub direction: Direction,
    pub channel: Channel,
    pub outcome: Outcome,
    /// Index into the log's rep-id table; `None` when the cell was empty.
    pub rep: Option<u32>,
    /// Index into the log's source-file table (at most 65,535 files a run).
    pub source: u16,
    /// 1-based data-row number in its source file (a file has at most
    /// 4,294,967,295 rows; rows beyond are rejected, see ingest).
    pub row: u32,
    /// The time has day precision only (a date with no clock;
    /// docs/metrics.md §13.2): such events are never exact duplicates of
    /// each other.
    pub day: bool,
}

// 32 bytes: 10M events take 320 MB.
const _: () = assert!(std::mem::size_of::<Event>() == 32);

impl Event {
    /// A touch: outbound, not bounced, on a channel that counts (§2).
    pub(crate) fn is_touch(&self, touch_channels: &ChannelSet) -> bool {
        self.direction == Direction::Out && self.outcome != Outcome::Bounced && touch_channels.contains(self.channel)
    }

    /// A response: inbound and not bounced, or an outbound event whose
    /// outcome shows the prospect engaged (`connected`, `replied`, `meeting`).
    pub(crate) fn is_response(&self) -> bool {
        match self.direction {
            Direction::In => self.outcome != Outcome::Bounced,
            Direction::Out => matches!(self.outcome, Outcome::Connected | Outcome::Replied | Outcome::Meeting),
        }
    }

    /// The duplicate key of §1: same prospect, ts, direction, channel, outcome, rep.
    /// Two events with day precision only are never duplicates (§13.2: two
    /// calls on one day are two calls).
    pub(crate) fn same_content(&self, other: &Event) -> bool {
        !(self.day && other.day)
            && self.prospect == other.prospect
            && self.ts == other.ts
            && self.direction == other.direction
            && self.channel == other.channel
            && self.outcome == other.outcome
            && self.rep == other.rep
    }
}

/// The channels whose outbound events count as touches (`--touch-channels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelSet(u16);

impl ChannelSet {
    /// Every channel counts (the default).
    pub fn all() -> ChannelSet {
        ChannelSet(u16::MAX)
    }

    pub(crate) fn from_channels(channels: &[Channel]) -> ChannelSet {
        ChannelSet(channels.iter().fold(0, |acc, c| acc | (1 << *c as u16)))
    }

    pub fn contains(self, channel: Channel) -> bool {
        self.0 & (1 << channel as u16) != 0
    }

    /// The member channels in canonical order.
    pub fn channels(self) -> Vec<Channel> {
        Channel::ALL.iter().copied().filter(|c| self.contains(*c)).collect()
    }
}

impl Default for ChannelSet {
    fn default() -> Self {
        ChannelSet::all()
    }
}
