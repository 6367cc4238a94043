"""Searching in the sandbox ORM: domain evaluation over records, ordering, grouping, introspection.

A mixin of :class:`gateway.odoo.sandbox.orm.Model` (kept apart to keep modules small). Domains are
parsed by :mod:`gateway.odoo.sandbox.domain`; this module knows the schema side: dotted paths
through relations, many2one compared by display name when the operand is text, x2many "any"
semantics, ``child_of``, ``active_test``, and narrowing candidates through the storage index.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox import domain as dom
from gateway.odoo.sandbox.fields import RELATIONAL, api_model


class SearchMixin:
    """``search``/``search_read``/``search_count``/``read_group``/``fields_get``/``name_search``."""

    def _search_records(self, domain: Any, offset: int = 0, limit: int | None = None,
                        order: str | None = None) -> list[dict[str, Any]]:
        tree = dom.parse(domain)
        for leaf in dom.leaves(tree):
            head = leaf.field.split(".", 1)[0]
            if head != "id" and head not in self._fields:
                item = (leaf.field, leaf.operator, leaf.value)
                raise ValueError(f"Invalid field {self._name}.{head} in leaf {item!r}")
        active_test = (
            "active" in self._fields
            and self.env.context.get("active_test", True)
            and not any(lf.field == "active" for lf in dom.leaves(tree))
        )
        table = self._table()
        candidates = self._candidates(tree)
        pool = table.values() if candidates is None else (table[i] for i in sorted(candidates) if i in table)
        recs = [
            r for r in pool
            if (not active_test or r.get("active", True)) and dom.evaluate(tree, r, self._match)
        ]
        recs = self._sort(recs, order or None)
        end = None if not limit else offset + int(limit)
        return recs[int(offset or 0):end]

    def _candidates(self, tree: dom.Node) -> set[int] | None:
        """Ids that can match, from the storage index, or None when the whole table must be scanned.

        Only narrows: the domain is still evaluated on every candidate.
        """
        if isinstance(tree, dom.And):
            left, right = self._candidates(tree.left), self._candidates(tree.right)
            if left is None or right is None:
                return left if right is None else right
            return left & right
        if isinstance(tree, dom.Or):
            left, right = self._candidates(tree.left), self._candidates(tree.right)
            return None if left is None or right is None else left | right
        if not isinstance(tree, dom.Leaf) or "." in tree.field or tree.field == "id":
            return None
        f = self._fields.get(tree.field)
        if f is None or not f.store or f.type in ("one2many", "many2many", "boolean", "float", "integer"):
            return None
        if tree.operator == "=" and tree.value not in (False, None):
            values = [tree.value]
        elif tree.operator == "in" and isinstance(tree.value, (list, tuple)) and False not in tree.value:
            values = list(tree.value)
        elif tree.operator == "child_of" and f.type == "many2one":
            values = sorted(self.env[f.relation]._child_of(tree.value))  # type: ignore[index]
        else:
            return None
        out: set[int] = set()
        for value in values:
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                if f.type == "many2one" and isinstance(value, str):
                    return None  # matched by display name: scan
                out.update(self.store.children(self._name, tree.field, value))
            else:
                return None
        return out

    def _match(self, rec: dict[str, Any], leaf: dom.Leaf) -> bool:
        head, _, rest = leaf.field.partition(".")
        f = self._fields.get(head) if head != "id" else None
        op, operand = leaf.operator, leaf.value
        value = self._value(rec, head)
        if head == "id":
            if op == "child_of":
                return value in self._child_of(operand)
            return dom.compare(value, op, operand)
        assert f is not None
        if rest:
            if f.type not in RELATIONAL:
                raise ValueError(f"Invalid field {self._name}.{leaf.field} in leaf {leaf!r}")
            co = self.env[f.relation]  # type: ignore[index]
            targets = value if isinstance(value, list) else ([value] if value else [])
            sub = dom.Leaf(rest, op, operand)
            negative = op in ("!=", "not in", "not like", "not ilike")
            hits = [co._match(co._get(t), sub) for t in targets if co.store.get(co._name, t)]
            return all(hits) if negative and hits else any(hits)
        if f.type == "many2one":
            if op == "child_of":
                return bool(value) and value in self.env[f.relation]._child_of(operand)  # type: ignore[index]
            if isinstance(operand, str) or (
                isinstance(operand, (list, tuple)) and operand and all(isinstance(o, str) for o in operand)
            ):
                co = self.env[f.relation]  # type: ignore[index]
                name = co._compute_display_name(co._get(value)) if value else False
                return dom.compare(name, op, operand)
            return dom.compare(value, op, operand)
        if f.type in ("one2many", "many2many"):
            ids = list(value or [])
            if op == "child_of":
                wanted = self.env[f.relation]._child_of(operand)  # type: ignore[index]
                return any(i in wanted for i in ids)
            if operand is False or operand is None:
                return (not ids) if op in ("=", "in") else bool(ids)
            items = operand if isinstance(operand, (list, tuple)) else [operand]
            hit = any(i in items for i in ids)
            return hit if op in ("=", "in", "like", "ilike", "=like", "=ilike") else not hit
        return dom.compare(value, op, operand)

    def _child_of(self, operand: Any) -> set[int]:
        roots = operand if isinstance(operand, (list, tuple)) else [operand]
        ids = tuple(int(r) for r in roots)
        memo_key = (self._name, ids, len(self._table()))  # per call; a new record invalidates it
        memo = self.env.memo
        if memo_key in memo:
            return memo[memo_key]
        result = self._child_of_uncached(ids)
        memo[memo_key] = result
        return result

    def _child_of_uncached(self, roots: tuple[int, ...]) -> set[int]:
        result = set(roots)
        if "parent_id" not in self._fields:
            return result
        changed = True
        while changed:
            changed = False
            for r in self._table().values():
                if r.get("parent_id") in result and r["id"] not in result:
                    result.add(r["id"])
                    changed = True
        return result

    @api_model
    def search(self, domain: list[Any] | None = None, offset: int = 0, limit: int | None = None,
               order: str | None = None) -> list[int]:
        """Ids of the records matching a domain."""
        return [r["id"] for r in self._search_records(domain, offset, limit, order)]

    @api_model
    def search_count(self, domain: list[Any] | None = None, limit: int | None = None) -> int:
        """Number of records matching a domain."""
        return len(self._search_records(domain, 0, limit))

    @api_model
    def search_read(self, domain: list[Any] | None = None, fields: list[str] | None = None, offset: int = 0,
                    limit: int | None = None, order: str | None = None) -> list[dict[str, Any]]:
        """``search`` then ``read`` in one call (the round trip a gateway should use)."""
        if fields:
            self._check_fields(fields)
        ids = [r["id"] for r in self._search_records(domain, offset, limit, order)]
        return self.read(ids, fields)

    @api_model
    def read_group(self, domain: list[Any], fields: list[str], groupby: str | list[str], offset: int = 0,
                   limit: int | None = None, orderby: str | bool = False, lazy: bool = True) -> list[dict[str, Any]]:
        """Group records by fields and count them (sums numeric fields asked for)."""
        gbs = [groupby] if isinstance(groupby, str) else list(groupby)
        if not gbs:
            raise ValueError("read_group needs at least one groupby field")
        used = gbs[:1] if lazy else gbs
        self._check_fields(used)
        recs = self._search_records(domain)
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for r in recs:
            groups.setdefault(tuple(self._value(r, g) for g in used), []).append(r)

        def gkey(k: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple((v is False or v is None, v if v not in (False, None) else "") for v in k)

        out = []
        for key in sorted(groups, key=gkey):
            members = groups[key]
            row: dict[str, Any] = {}
            leaves: list[Any] = []
            for g, v in zip(used, key, strict=True):
                f = self._fields[g]
                row[g] = self.env[f.relation]._display(v) if f.type == "many2one" and v else v
                leaves.append([g, "=", v])
            if lazy:
                row[f"{used[0]}_count"] = len(members)
            else:
                row["__count"] = len(members)
            for spec in fields or []:
                name = spec.split(":")[0]
                f = self._fields.get(name)
                if f and f.type in ("float", "integer") and name not in used:
                    row[name] = sum(self._value(m, name) or 0 for m in members)
            row["__domain"] = dom.and_domains(domain or [], *[[leaf] for leaf in leaves])
            if lazy and len(gbs) > 1:
                row["__context"] = {"group_by": gbs[1:]}
            out.append(row)
        end = None if not limit else offset + limit
        return out[offset:end]

    @api_model
    def fields_get(self, allfields: list[str] | None = None, attributes: list[str] | None = None) -> dict[str, Any]:
        """Field descriptions, limited to the names and attributes asked for."""
        names = allfields or list(self._fields)
        out: dict[str, Any] = {}
        for name in names:
            f = self._fields.get(name)
            if f is None:
                continue
            desc: dict[str, Any] = {
                "string": f.string, "type": f.type, "required": f.required,
                "readonly": f.readonly, "store": f.store or f.type == "one2many",
                "sortable": f.store,
            }
            if f.help:
                desc["help"] = f.help
            if f.relation:
                desc["relation"] = f.relation
            if f.selection is not None:
                desc["selection"] = [list(s) for s in f.selection]
            if attributes:
                desc = {k: v for k, v in desc.items() if k in attributes}
            out[name] = desc
        return out

    @api_model
    def name_search(self, name: str = "", args: list[Any] | None = None, operator: str = "ilike",
                    limit: int = 100) -> list[list[Any]]:
        """``[[id, display_name], ...]`` of records whose display name matches."""
        recs = self._search_records(args or [])
        out = []
        for r in recs:
            label = self._compute_display_name(r)
            if not name or dom.compare(label, operator, name):
                out.append([r["id"], label])
            if limit and len(out) >= limit:
                break
        return out
