//! Prospect ids interned in shards, renumbered in id order at the end.

use super::{intern, HashMap};
use crate::model::Event;

/// Bits of a provisional prospect code that name its shard.
pub(super) const SHARD_BITS: u32 = 4;
pub(super) const SHARDS: usize = 1 << SHARD_BITS;

/// The shard of a prospect id: the top bits of a fixed-seed hash.
/// A provisional code from a shard and an index in it.
pub(super) fn provisional(shard: usize, index: u32) -> u32 {
    (index << SHARD_BITS) | shard as u32
}

/// The shard and the index in it of a provisional code.
pub(super) fn unpack(code: u32) -> (usize, usize) {
    ((code as usize) & (SHARDS - 1), (code >> SHARD_BITS) as usize)
}

pub(super) fn shard_of(id: &str) -> u8 {
    use std::hash::BuildHasher;
    (foldhash::fast::FixedState::default().hash_one(id) >> (64 - SHARD_BITS)) as u8
}

#[derive(Default)]
pub(super) struct Shard {
    index: HashMap<String, u32>,
    ids: Vec<String>,
}

/// The prospect ids of a read, interned in shards by a hash of the id so
/// that batches are merged on every core. Until [`ProspectIds::finish`], a
/// code is `index << SHARD_BITS | shard`; `finish` renumbers every code in
/// id order, so the result does not depend on the shards or the threads.
pub(super) struct ProspectIds {
    shards: Vec<Shard>,
}

impl Default for ProspectIds {
    fn default() -> Self {
        ProspectIds { shards: (0..SHARDS).map(|_| Shard::default()).collect() }
    }
}

impl ProspectIds {
    /// Provisional codes for each batch's local ids (in their order), given
    /// each id's shard.
    pub(super) fn intern(&mut self, batches: &[(&[&str], &[u8])]) -> Vec<Vec<u32>> {
        use rayon::prelude::*;
        let mut per_shard: Vec<Vec<(u32, u32)>> = vec![Vec::new(); SHARDS];
        for (bi, (_, shards)) in batches.iter().enumerate() {
            for (li, &shard) in shards.iter().enumerate() {
                per_shard[shard as usize].push((bi as u32, li as u32));
            }
        }
        let codes: Vec<Vec<u32>> = self
            .shards
            .par_iter_mut()
            .zip(per_shard.par_iter())
            .enumerate()
            .map(|(s, (shard, items))| {
                items
                    .iter()
                    .map(|&(bi, li)| {
                        provisional(s, intern(&mut shard.index, &mut shard.ids, batches[bi as usize].0[li as usize]))
                    })
                    .collect()
            })
            .collect();
        let mut out: Vec<Vec<u32>> = batches.iter().map(|b| vec![0; b.0.len()]).collect();
        for (items, codes) in per_shard.iter().zip(&codes) {
            for (&(bi, li), &c) in items.iter().zip(codes) {
                out[bi as usize][li as usize] = c;
            }
        }
        out
    }

    /// Renumber prospects in id order (ordered by the first 8 bytes as an
    /// integer, ties by the whole id: the order of comparing the strings),
    /// rewrite the events' codes and return the ids by final code. The
    /// sorted timeline then yields prospects in id order and the facts come
    /// out sorted, with no sort of id strings later.
    pub(super) fn finish(mut self, events: &mut [Event]) -> Vec<String> {
        use rayon::prelude::*;
        let shards = &self.shards;
        let id = |c: u32| {
            let (s, i) = unpack(c);
            shards[s].ids[i].as_str()
        };
        let prefix = |s: &str| {
            let mut b = [0u8; 8];
            let n = s.len().min(8);
            b[..n].copy_from_slice(&s.as_bytes()[..n]);
            u64::from_be_bytes(b)
        };
        let mut keys: Vec<(u64, u32)> = shards
            .par_iter()
            .enumerate()
            .flat_map_iter(|(s, shard)| {
                shard.ids.iter().enumerate().map(move |(i, v)| (prefix(v), provisional(s, i as u32)))
            })
            .collect();
        keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a.1).cmp(id(b.1))));
        let mut rank: Vec<Vec<u32>> = shards.iter().map(|s| vec![0; s.ids.len()]).collect();
        for (r, k) in keys.iter().enumerate() {
            let (s, i) = unpack(k.1);
            rank[s][i] = r as u32;
        }
        events.par_iter_mut().for_each(|e| {
            let (s, i) = unpack(e.prospect);
            e.prospect = rank[s][i];
        });
        keys.iter()
            .map(|k| {
                let (s, i) = unpack(k.1);
                std::mem::take(&mut self.shards[s].ids[i])
            })
            .collect()
    }
}
