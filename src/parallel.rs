//! Work split over the machine's cores, for the commands that read much of the store (a search
//! reads every claim). sled reads one node at a time per thread, so such a read goes as fast as
//! the threads doing it.

/// Threads at most, whatever the machine: measured on two cores only.
const MAX_THREADS: usize = 4;

/// How many threads a split read uses here.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
}

/// `work(part)` for each part of `parts`, each on its own thread; the results in part order.
/// A panic in one part is the caller's panic.
pub fn run_parts<R: Send>(parts: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    if parts <= 1 {
        return (0..parts).map(&work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let running: Vec<_> = (0..parts)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        running
            .into_iter()
            .map(|part| {
                part.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `f` of each item, the items cut into one run a thread; the results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let runs: Vec<&[T]> = items
        .chunks(items.len().div_ceil(threads()).max(1))
        .collect();
    run_parts(runs.len(), |run| {
        runs[run].iter().map(&f).collect::<Vec<R>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_items_order_for_any_count() {
        for len in [0, 1, 2, 3, 7, 100] {
            let items: Vec<usize> = (0..len).collect();
            let doubled = map(&items, |item| item * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn run_parts_returns_each_part_in_order() {
        assert_eq!(run_parts(3, |part| part + 10), vec![10, 11, 12]);
        assert_eq!(run_parts(1, |part| part), vec![0]);
        assert!(run_parts(0, |part| part).is_empty());
    }
}
