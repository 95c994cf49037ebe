//! Louvain on a known graph.

use chokepoint_network::community::{louvain, modularity, WeightedGraph};

#[test]
fn two_cliques_joined_by_one_edge_are_two_communities() {
    let mut g = WeightedGraph::new(10);
    for base in [0u32, 5] {
        for a in base..base + 5 {
            for b in a + 1..base + 5 {
                g.add_edge(a, b, 1.0);
            }
        }
    }
    g.add_edge(4, 5, 1.0);
    let c = louvain(&g);
    for v in 1..5 {
        assert_eq!(c[v], c[0], "node {v}");
        assert_eq!(c[v + 5], c[5], "node {}", v + 5);
    }
    assert_ne!(c[0], c[5]);
    let q = modularity(&g, &c);
    let all_one = vec![0u32; 10];
    assert!(q > 0.4, "modularity {q}");
    assert!(q > modularity(&g, &all_one));
}

#[test]
fn isolated_nodes_stay_alone() {
    let g = WeightedGraph::new(3);
    let c = louvain(&g);
    assert_eq!(c.len(), 3);
    assert_ne!(c[0], c[1]);
}
