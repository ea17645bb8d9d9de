#!/usr/bin/env python
"""The package's module map by an AST walk: each module's lines and who imports it, import cycles (module-level
imports and imports inside functions alike), `@patch`es of a class defined in another module, and private names
(`_x`) reached across modules.  `python tools/module_map.py [--check]`; `--check` exits 1 unless all three are 0 and the
median exported notebook cell has at most 10 lines."""
import ast, sys, re, json, pathlib, statistics, collections, itertools

PKG = pathlib.Path(__file__).resolve().parent.parent/'ftir_nbdev'

def modname(p): return '.'.join(p.relative_to(PKG.parent).with_suffix('').parts).removesuffix('.__init__')

def resolve(mod, node):
    "Absolute module name of an ImportFrom inside module `mod`."
    if node.level == 0: return node.module or ''
    base = mod.split('.')
    is_pkg = (PKG.parent/pathlib.Path(*base)/'__init__.py').exists()
    base = base if is_pkg else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return '.'.join(base + ([node.module] if node.module else []))

def scan():
    mods = {modname(p): p for p in PKG.rglob('*.py') if p.name != '_modidx.py'}
    edges, lines, defs, patches, reach = collections.defaultdict(set), {}, {}, [], []
    trees = {m: ast.parse(p.read_text()) for m, p in mods.items()}
    for m, t in trees.items():
        lines[m] = len(mods[m].read_text().splitlines())
        for n in t.body:
            if isinstance(n, (ast.ClassDef, ast.FunctionDef)): defs.setdefault(n.name, m)
    private = collections.defaultdict(set)   # private attribute and method names, by the modules that define them
    for m, t in trees.items():
        for n in ast.walk(t):
            if isinstance(n, ast.ClassDef):
                for b in ast.walk(n):
                    if isinstance(b, ast.FunctionDef) and b.name.startswith('_'): private[b.name].add(m)
                    if isinstance(b, ast.AnnAssign) and isinstance(b.target, ast.Name): private[b.target.id].add(m)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == 'self' \
               and isinstance(n.ctx, ast.Store) and n.attr.startswith('_'): private[n.attr].add(m)
            if isinstance(n, ast.FunctionDef) and n.decorator_list and any(isinstance(d, ast.Name) and d.id == 'patch' for d in n.decorator_list) \
               and n.name.startswith('_'): private[n.name].add(m)
    for m, t in trees.items():
        imported = {}
        for n in ast.walk(t):
            if isinstance(n, ast.ImportFrom):
                src = resolve(m, n)
                for a in n.names:
                    sub = f'{src}.{a.name}'
                    tgt = sub if sub in mods else src
                    if tgt in mods and tgt != m:
                        edges[m].add(tgt); imported[a.asname or a.name] = tgt
                        if a.name.startswith('_') and not a.name.startswith('__'): reach.append((m, tgt, a.name))
            elif isinstance(n, ast.Import):
                for a in n.names:
                    if a.name in mods and a.name != m: edges[m].add(a.name)
        for n in ast.walk(t):
            if isinstance(n, ast.FunctionDef):
                for d in n.decorator_list:
                    if isinstance(d, ast.Name) and d.id == 'patch' and n.args.args and n.args.args[0].annotation is not None:
                        cls = ast.unparse(n.args.args[0].annotation)
                        owner = defs.get(cls)
                        if owner and owner != m: patches.append((m, owner, f'{cls}.{n.name}'))
            if isinstance(n, ast.Attribute) and n.attr.startswith('_') and not n.attr.startswith('__'):
                if isinstance(n.value, ast.Name) and n.value.id in imported and imported[n.value.id] in mods:
                    reach.append((m, imported[n.value.id], n.attr))
                elif not (isinstance(n.value, ast.Name) and n.value.id in ('self', 'cls')):
                    owners = private[n.attr] - {m}
                    if owners and m not in private[n.attr]: reach.append((m, min(owners), n.attr))
    return mods, edges, lines, patches, reach

def export_cells() -> list:
    "Lines of code of each exported notebook cell (directives and blank lines not counted)."
    out = []
    for nb in sorted((PKG.parent/'nbs').glob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']:
            s = ''.join(c['source'])
            if c['cell_type'] == 'code' and re.match(r'#\|\s*export', s):
                out.append(sum(1 for l in s.splitlines() if l.strip() and not l.startswith('#|')))
    return out

def cycles(edges):
    "Strongly connected components of more than one module (Tarjan)."
    index, low, stack, on, out, i = {}, {}, [], set(), [], itertools.count()
    def visit(v):
        index[v] = low[v] = next(i); stack.append(v); on.add(v)
        for w in edges.get(v, ()):
            if w not in index: visit(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(sorted(comp))
    for v in list(edges): 
        if v not in index: visit(v)
    return out

if __name__ == '__main__':
    mods, edges, lines, patches, reach = scan()
    by = collections.defaultdict(set)
    for a, bs in edges.items():
        for b in bs: by[b].add(a)
    short = lambda m: m.removeprefix('ftir_nbdev.') or 'ftir_nbdev'
    print('| module | lines | imported by |\n|---|---|---|')
    for m in sorted(mods, key=lambda m: -lines[m]):
        print(f'| {short(m)} | {lines[m]} | {", ".join(sorted(map(short, by[m]))) or "-"} |')
    cyc = cycles(edges)
    print(f'\nimport cycles: {len(cyc)}', *[' <-> '.join(map(short, c)) for c in cyc], sep='\n  ')
    print(f'upward patches: {len(patches)}', *[f'{short(a)} patches {c} of {short(b)}' for a, b, c in patches], sep='\n  ')
    print(f'private reach-ins: {len(reach)}', *[f'{short(a)} uses {short(b)}.{n}' for a, b, n in reach], sep='\n  ')
    cells = export_cells()
    print(f'export cells: {len(cells)}, median {statistics.median(cells):g} lines (not counting directives and blank lines), longest {max(cells)}')
    if '--check' in sys.argv and (cyc or patches or reach or statistics.median(cells) > 10): sys.exit(1)
