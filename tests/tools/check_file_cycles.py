"""No cycles between source files: fail if a file calls into a file that calls back into it (directly or round a loop).

Usage: check_file_cycles.py BUILD_DIR [SOURCE_DIR]

Reads the global symbols each object file of diomede's own sources (solver/, mesh/, io/, app/; not tests/ or
benchmarks/) defines and uses, with `nm`, builds the file -> file call graph (a -> b when a uses a symbol b defines)
and lists every strongly connected component of more than one file as cycles `a.c -> b.c -> a.c`, each arrow with
the symbols it stands for. With SOURCE_DIR, objects whose source is not there are left out (a renamed file's stale
object, generated data). Exit 0: no cycle; 1: cycles (or no object files: build first); 77: no `nm` (skipped)."""
import os
import re
import shutil
import subprocess
import sys

MODULES = ("solver", "mesh", "io", "app")
OBJECT_DIR = re.compile(r"^(?P<module_dir>.*?)/CMakeFiles/[^/]+\.dir/(?P<rest>.+)\.o$")


def project_objects(build_dir, source_dir=None):
    """Map source path (relative to the project root) -> list of object files compiled from it."""
    objects = {}
    for root, _dirs, files in os.walk(build_dir):
        for name in files:
            if not name.endswith(".c.o"):
                continue
            rel = os.path.relpath(os.path.join(root, name), build_dir)
            match = OBJECT_DIR.match(rel)
            if match is None:
                continue
            source = os.path.normpath(os.path.join(match.group("module_dir"), match.group("rest")))
            if source.split(os.sep)[0] not in MODULES:
                continue
            if source_dir is not None and not os.path.isfile(os.path.join(source_dir, source)):
                continue
            objects.setdefault(source, []).append(os.path.join(build_dir, rel))
    return objects


def read_symbols(nm, objects):
    """Per source: (defined global symbols, undefined symbols), from one `nm -A` over all objects."""
    source_of = {obj: source for source, objs in objects.items() for obj in objs}
    defined = {source: set() for source in objects}
    used = {source: set() for source in objects}
    out = subprocess.run([nm, "-A", "-g"] + sorted(source_of), check=True, stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        path, _, fields = line.rpartition(":")
        parts = fields.split()
        if path not in source_of or len(parts) < 2:
            continue
        kind, symbol = parts[-2], parts[-1]
        if kind == "U":
            used[source_of[path]].add(symbol)
        elif kind not in ("w", "v"):
            defined[source_of[path]].add(symbol)
    return defined, used


def call_graph(defined, used):
    """edges[a][b] = sorted symbols that a uses and b defines (a != b)."""
    owner = {}
    for source, symbols in defined.items():
        for symbol in symbols:
            owner.setdefault(symbol, source)
    edges = {source: {} for source in defined}
    for source, symbols in used.items():
        for symbol in symbols:
            target = owner.get(symbol)
            if target is not None and target != source:
                edges[source].setdefault(target, []).append(symbol)
    for targets in edges.values():
        for symbols in targets.values():
            symbols.sort()
    return edges


def strongly_connected(edges):
    """Tarjan's algorithm, iterative; components of more than one node, each sorted, sorted by first node."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def shortest_cycle(edges, component, start):
    """The shortest cycle start -> ... -> start inside one component (breadth first)."""
    members = set(component)
    parent = {start: None}
    queue = [start]
    for node in queue:
        for nxt in sorted(edges[node]):
            if nxt not in members:
                continue
            if nxt == start:
                path = [node]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return path[::-1] + [start]
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: check_file_cycles.py BUILD_DIR [SOURCE_DIR]")
    nm = shutil.which("nm")
    if nm is None:
        print("nm not found (binutils): skipped")
        return 77
    objects = project_objects(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
    if not objects:
        print("no object files of solver/, mesh/, io/, app/ under %s: build first" % sys.argv[1])
        return 1
    edges = call_graph(*read_symbols(nm, objects))
    components = strongly_connected(edges)
    if not components:
        print("no cycles between %d source files" % len(objects))
        return 0
    for component in components:
        print("cycle among %d files: %s" % (len(component), " ".join(component)))
        seen = set()
        for start in component:
            cycle = shortest_cycle(edges, component, start)
            if cycle is None:
                continue
            key = frozenset(zip(cycle, cycle[1:]))
            if key in seen:
                continue
            seen.add(key)
            print("  " + " -> ".join(cycle))
            for a, b in zip(cycle, cycle[1:]):
                print("      %s -> %s: %s" % (a, b, " ".join(edges[a][b])))
    print("%d cycle(s) between source files: move the functions to the file where they belong" % len(components))
    return 1


if __name__ == "__main__":
    sys.exit(main())
