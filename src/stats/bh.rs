//! Benjamini–Hochberg adjusted p-values (false discovery rate), as R's
//! `p.adjust(p, method = "BH")`: sort ascending, `p_(i) · m / i`, then the
//! running minimum from the largest down, capped at 1, returned in the
//! input order.

pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut adjusted = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m as f64 / (rank + 1) as f64);
        adjusted[i] = running.min(1.0);
    }
    adjusted
}
