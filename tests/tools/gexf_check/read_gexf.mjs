// Read a GEXF file with graphology-gexf and print what a Gephi-like reader sees, as JSON.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import gexf from "graphology-gexf";

const graph = gexf.parse(Graph, readFileSync(process.argv[2], "utf-8"));
const nodes = {};
graph.forEachNode((key, attrs) => { nodes[key] = attrs; });
const edges = [];
graph.forEachEdge((key, attrs, source, target) => { edges.push({ source, target, ...attrs }); });
console.log(JSON.stringify({ order: graph.order, size: graph.size, type: graph.type, nodes, edges }));
