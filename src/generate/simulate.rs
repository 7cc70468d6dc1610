//! The simulation: one prospect at a time, each with its own random stream,
//! into compact events that the writers turn into rows.

use super::behaviour::Behaviour;
use super::rng::Rng;
use crate::model::{Channel, Direction, Outcome};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// One generated event, 16 bytes: times in whole seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenEvent {
    pub ts: i64,
    /// 0-based prospect index (the id written is `P` + index + 1).
    pub prospect: u32,
    /// 0-based rep index.
    pub rep: u16,
    /// Direction (bit 7), channel (bits 4-6), outcome (bits 0-3).
    kind: u8,
}

impl GenEvent {
    pub fn new(ts: i64, prospect: u32, rep: u16, direction: Direction, channel: Channel, outcome: Outcome) -> GenEvent {
        let kind = ((direction == Direction::In) as u8) << 7 | (channel as u8) << 4 | outcome as u8;
        GenEvent { ts, prospect, rep, kind }
    }
    pub fn direction(&self) -> Direction {
        if self.kind & 0x80 != 0 {
            Direction::In
        } else {
            Direction::Out
        }
    }
    pub fn channel(&self) -> Channel {
        Channel::ALL[usize::from((self.kind >> 4) & 0x7)]
    }
    pub fn outcome(&self) -> Outcome {
        Outcome::ALL[usize::from(self.kind & 0xF)]
    }
}

/// What happened to one prospect, for the realised counts in the truth file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub touched: u64,
    /// Conversions at touch `k >= 1` (observed: won time not after the window end).
    pub converted: u64,
    /// Conversions before any touch (`K = 0`).
    pub converted_untouched: u64,
    pub opted_out: u64,
    pub lost: u64,
    pub duplicates: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.touched += o.touched;
        self.converted += o.converted;
        self.converted_untouched += o.converted_untouched;
        self.opted_out += o.opted_out;
        self.lost += o.lost;
        self.duplicates += o.duplicates;
    }
}

/// Fixed inputs of the simulation, precomputed once.
pub(crate) struct World<'a> {
    pub behaviour: &'a Behaviour,
    pub seed: u64,
    /// Window start and last second (inclusive), seconds since the epoch.
    pub start: i64,
    pub end: i64,
    /// Style index of each rep.
    pub rep_style: Vec<usize>,
    segment_cum: Vec<f64>,
    gap_cum: Vec<f64>,
    channel_cum: Vec<f64>,
    channels: Vec<Channel>,
}

/// Cumulative sums of weights, for [`Rng::pick`].
fn cumulative(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    weights
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect()
}

/// Styles by position so that the mix of styles is as exact as the number
/// of reps allows: rep `r` takes the style whose cumulative share first
/// exceeds `(r + 0.5) / reps`.
pub fn rep_styles(behaviour: &Behaviour, reps: u16) -> Vec<usize> {
    let cum = cumulative(behaviour.rep_styles.iter().map(|s| s.share));
    let total = cum[cum.len() - 1];
    (0..reps)
        .map(|r| {
            let u = (f64::from(r) + 0.5) / f64::from(reps) * total;
            cum.iter().position(|&c| u < c).unwrap_or(cum.len() - 1)
        })
        .collect()
}

impl<'a> World<'a> {
    pub fn new(behaviour: &'a Behaviour, seed: u64, start: i64, end: i64, reps: u16) -> World<'a> {
        World {
            behaviour,
            seed,
            start,
            end,
            rep_style: rep_styles(behaviour, reps),
            segment_cum: cumulative(behaviour.segments.iter().map(|s| s.share)),
            gap_cum: cumulative(behaviour.gaps.iter().map(|g| g.weight)),
            channel_cum: cumulative(behaviour.channel_mix.iter().map(|c| c.1)),
            channels: behaviour
                .channel_mix
                .iter()
                .map(|(name, _)| Channel::parse(name).expect("behaviour names canonical channels"))
                .collect(),
        }
    }

    /// Move `t` into business hours (Mon-Fri 13:00-22:00 UTC) if it falls
    /// outside them: to the next opening plus up to three hours. Only ever
    /// moves forward, so touch order is kept.
    fn business_hours(&self, rng: &mut Rng, t: i64) -> i64 {
        let day = t.div_euclid(DAY);
        let sod = t.rem_euclid(DAY);
        // 1970-01-01 was a Thursday: weekday 0 = Sunday.
        let weekday = |d: i64| (d + 4).rem_euclid(7);
        let open = |d: i64| weekday(d) != 0 && weekday(d) != 6;
        if open(day) && (13 * HOUR..22 * HOUR).contains(&sod) {
            return t;
        }
        let mut d = if sod < 13 * HOUR { day } else { day + 1 };
        while !open(d) {
            d += 1;
        }
        d * DAY + 13 * HOUR + rng.range(0, 3 * HOUR as u64) as i64
    }

    fn gap(&self, rng: &mut Rng) -> i64 {
        let g = &self.behaviour.gaps[rng.pick(&self.gap_cum)];
        (rng.log_uniform(g.min_hours, g.max_hours) * HOUR as f64) as i64
    }

    /// Simulate prospect `index`, appending its events (in time order) to `out`.
    pub fn prospect(&self, index: u32, out: &mut Vec<GenEvent>) -> Tally {
        let b = self.behaviour;
        let mut rng = Rng::new(self.seed, u64::from(index));
        let rep = rng.range(0, self.rep_style.len() as u64 - 1) as u16;
        let style = &b.rep_styles[self.rep_style[usize::from(rep)]];
        let segment = rng.pick(&self.segment_cum);
        let seg = &b.segments[segment];
        let mut tally = Tally::default();
        let end = self.end;
        let mut emit = |rng: &mut Rng, t: i64, d: Direction, c: Channel, o: Outcome, tally: &mut Tally| {
            if t > end {
                return;
            }
            let e = GenEvent::new(t, index, rep, d, c, o);
            out.push(e);
            if rng.chance(b.duplicate_rate) {
                out.push(e);
                tally.duplicates += 1;
            }
        };
        let t0 = self.start + (rng.f64() * (end - self.start) as f64) as i64;
        let mut t = t0;
        // 0 = not yet engaged, 1 = engaged, 2 = dark.
        let mut state = 0u8;
        if rng.chance(b.inbound_share) {
            emit(&mut rng, t0, Direction::In, Channel::Email, Outcome::Replied, &mut tally);
            state = 1;
            if rng.chance(b.inbound_converts_untouched) {
                let won = (t0 + (rng.log_uniform(1.0, 120.0) * HOUR as f64) as i64).min(end);
                emit(&mut rng, won, Direction::In, Channel::Email, Outcome::Won, &mut tally);
                tally.converted_untouched += 1;
                return tally;
            }
            t = t0 + (rng.log_uniform(0.5, 24.0) * HOUR as f64) as i64;
        }
        if rng.chance(b.dead_address) {
            emit(&mut rng, t, Direction::Out, Channel::Email, Outcome::Bounced, &mut tally);
            return tally;
        }
        let mut planned = rng.range(u64::from(style.min_touches), u64::from(style.max_touches)) as u32;
        if style.tail_mean > 0.0 {
            // Geometric number of extra touches with the given mean.
            let p = 1.0 / (1.0 + style.tail_mean);
            planned += (rng.f64().ln() / (1.0 - p).ln()).floor() as u32;
        }
        let mut planned = planned.min(b.max_touches);
        // Drawn only when asked for, so that the default keeps every seed's bytes.
        if b.informative_give_up > 0.0 && seg.hazard_multiplier < 1.0 && rng.chance(b.informative_give_up) {
            planned = planned.min(2);
        }
        let mut bad_email = false;
        let mut previous = i64::MIN;
        for k in 1..=planned {
            if k > 1 {
                t += self.gap(&mut rng);
            }
            if rng.chance(b.business_hours) {
                t = self.business_hours(&mut rng, t);
            }
            t = t.max(previous.saturating_add(60));
            if t > end {
                break; // still open, or abandoned, when the window closes
            }
            let mut channel = self.channels[rng.pick(&self.channel_cum)];
            if channel == Channel::Email && bad_email {
                channel = Channel::Call;
            }
            if channel == Channel::Email && rng.chance(b.email_bounce) {
                emit(&mut rng, t, Direction::Out, Channel::Email, Outcome::Bounced, &mut tally);
                bad_email = true;
                channel = Channel::Call;
                t += (rng.log_uniform(1.0, 6.0) * HOUR as f64) as i64;
                if t > end {
                    break;
                }
            }
            previous = t;
            if k == 1 {
                tally.touched += 1;
            }
            let outcome = match channel {
                Channel::Call if rng.chance(seg.call_connect) => Outcome::Connected,
                Channel::Call if rng.chance(b.unanswered_voicemail) => Outcome::Voicemail,
                Channel::Call => Outcome::NoAnswer,
                Channel::Voicemail => Outcome::Voicemail,
                Channel::Meeting => Outcome::Meeting,
                _ => Outcome::None,
            };
            // The conversion draw: the hazard depends on the touch number and
            // the segment only.
            if rng.chance(b.hazard(segment, k)) {
                tally.converted += 1;
                if rng.chance(b.won_on_touch) {
                    emit(&mut rng, t, Direction::Out, Channel::Meeting, Outcome::Won, &mut tally);
                } else {
                    emit(&mut rng, t, Direction::Out, channel, outcome, &mut tally);
                    // Clamped to the window so that a conversion at an
                    // observed touch is always observed.
                    let won = (t + (rng.log_uniform(10.0 / 60.0, 48.0) * HOUR as f64) as i64).min(end);
                    emit(&mut rng, won, Direction::In, Channel::Email, Outcome::Won, &mut tally);
                }
                return tally;
            }
            let u = rng.f64();
            if u < b.opt_out + b.lost {
                let delay = (rng.log_uniform(0.5, 72.0) * HOUR as f64) as i64;
                if u < b.opt_out {
                    tally.opted_out += 1;
                    emit(&mut rng, t, Direction::Out, channel, outcome, &mut tally);
                    emit(&mut rng, t + delay, Direction::In, Channel::Email, Outcome::OptedOut, &mut tally);
                } else if channel == Channel::Call {
                    tally.lost += 1;
                    emit(&mut rng, t, Direction::Out, channel, Outcome::Lost, &mut tally);
                } else {
                    tally.lost += 1;
                    emit(&mut rng, t, Direction::Out, channel, outcome, &mut tally);
                    emit(&mut rng, t + delay, Direction::In, Channel::Email, Outcome::Lost, &mut tally);
                }
                return tally;
            }
            if channel == Channel::Call && outcome == Outcome::Connected && state == 0 {
                state = 1; // answering the phone counts as engaging
            }
            emit(&mut rng, t, Direction::Out, channel, outcome, &mut tally);
            // Responses: they shape time to dark and revival, never conversion
            // or the rep's persistence.
            let responds = match state {
                0 => rng.chance(seg.first_response),
                1 => {
                    if rng.chance(b.go_dark) {
                        state = 2;
                        false
                    } else {
                        rng.chance(b.keep_responding)
                    }
                }
                _ => rng.chance(b.revive),
            };
            if responds {
                state = 1;
                let at = t + (rng.log_uniform(5.0 / 60.0, 72.0) * HOUR as f64) as i64;
                if rng.chance(0.8) {
                    emit(&mut rng, at, Direction::In, Channel::Email, Outcome::Replied, &mut tally);
                } else {
                    emit(&mut rng, at, Direction::In, Channel::Call, Outcome::Connected, &mut tally);
                }
            }
        }
        tally
    }
}
