"""Replays recorded Odoo 17 transcripts against the sandbox and compares the answers.

Record ids differ between the recorded server and the sandbox, so the replayer keeps a per-model
map from recorded ids to sandbox ids: it *learns* a pair wherever a response carries an id of a
known model (``create`` results, ``id`` keys, many2one pairs, x2many lists) and *checks* it
everywhere else (the map must stay one-to-one), and it rewrites recorded ids in requests before
sending them. Sequence names (``S00035``, ``WH/IN/00013``, ``BILL/2026/11/0004``) and recordset
reprs inside messages (``sale.order(32,)``) are mapped the same way. Server-generated timestamps
only have to have the same format; timestamps the client sent must come back unchanged.
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from gateway.odoo.sandbox.orm import REGISTRY, Field

VERSION = 17
MODEL_LEVEL = {"create", "search", "search_read", "search_count", "read_group", "fields_get", "name_search",
               "default_get", "check_object_reference", "context_get"}
SEQ = r"\b[SP]\d{5}\b|\bWH/(?:IN|OUT)/\d{5}\b|\bBILL/\d{4}/\d{2}/\d{4}\b"
RECORDSET = r"\b([a-z_]+(?:\.[a-z_]+)+)\((\d+(?:, \d+)*),?\)"
TOKEN = re.compile(f"({SEQ})|{RECORDSET}")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
CONTEXT_PICKINGS = ("button_validate_picking_ids", "picking_ids_not_to_backorder")


class Mismatch(AssertionError):
    """A sandbox answer that differs from the recorded one (path says where)."""


def fields_of(model: str) -> dict[str, Field]:
    """The sandbox's field definitions for a model, as Odoo 17 exposes them."""
    cls = REGISTRY.get(model)
    return cls._version_fields(VERSION) if cls else {}


@dataclass
class Replayer:
    """State of one replay run: the sandbox URL, id and name maps, strings the client sent."""

    url: str
    ids: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    rev: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    names: dict[str, str] = field(default_factory=dict)
    rev_names: dict[str, str] = field(default_factory=dict)
    sent_strings: set[str] = field(default_factory=set)

    # -- maps -------------------------------------------------------------------------------
    def to_sandbox(self, model: str, rid: Any) -> Any:
        if isinstance(rid, bool) or not isinstance(rid, int):
            return rid
        return self.ids[model].get(rid, rid)

    def learn(self, model: str, recorded: Any, actual: Any, where: str) -> None:
        if isinstance(recorded, bool) or isinstance(actual, bool) or not isinstance(recorded, int) or not isinstance(actual, int):
            if recorded != actual:
                raise Mismatch(f"{where}: expected id {recorded!r}, got {actual!r}")
            return
        known = self.ids[model].get(recorded)
        if known is not None:
            if known != actual:
                raise Mismatch(f"{where}: {model} {recorded} is sandbox id {known}, but got {actual}")
            return
        back = self.rev[model].get(actual)
        if back is not None and back != recorded:
            raise Mismatch(f"{where}: sandbox {model} {actual} already stands for recorded id {back}, not {recorded}")
        self.ids[model][recorded] = actual
        self.rev[model][actual] = recorded

    def learn_name(self, recorded: str, actual: str, where: str) -> None:
        known = self.names.get(recorded)
        if known is not None and known != actual:
            raise Mismatch(f"{where}: {recorded} was {known}, now {actual}")
        back = self.rev_names.get(actual)
        if back is not None and back != recorded:
            raise Mismatch(f"{where}: sandbox name {actual} already stands for {back}, not {recorded}")
        self.names[recorded] = actual
        self.rev_names[actual] = recorded

    # -- request rewriting ------------------------------------------------------------------
    def tr_vals(self, model: str, vals: Any) -> Any:
        if not isinstance(vals, dict):
            return vals
        fields = fields_of(model)
        out = {}
        for key, value in vals.items():
            f = fields.get(key)
            if isinstance(value, str):
                self.sent_strings.add(value)
            if f is None or f.relation is None:
                out[key] = value
            elif f.type == "many2one":
                out[key] = self.to_sandbox(f.relation, value)
            else:
                out[key] = self.tr_commands(f.relation, value)
        return out

    def tr_commands(self, model: str, commands: Any) -> Any:
        if not isinstance(commands, list):
            return commands
        out = []
        for cmd in commands:
            if isinstance(cmd, int):
                out.append(self.to_sandbox(model, cmd))
            elif cmd and cmd[0] == 0:
                out.append([0, 0, self.tr_vals(model, cmd[2])])
            elif cmd and cmd[0] == 1:
                out.append([1, self.to_sandbox(model, cmd[1]), self.tr_vals(model, cmd[2])])
            elif cmd and cmd[0] in (2, 3, 4):
                out.append([cmd[0], self.to_sandbox(model, cmd[1])])
            elif cmd and cmd[0] == 6:
                out.append([6, 0, [self.to_sandbox(model, i) for i in cmd[2]]])
            else:
                out.append(cmd)
        return out

    def tr_domain(self, model: str, domain: Any) -> Any:
        if not isinstance(domain, list):
            return domain
        fields = fields_of(model)
        out = []
        for term in domain:
            if isinstance(term, list) and len(term) == 3 and isinstance(term[0], str):
                name, op, value = term
                if isinstance(value, str):
                    self.sent_strings.add(value)
                head = name.split(".")[0]
                target = model if head == "id" else (fields[head].relation if head in fields else None)
                if target and "." not in name:
                    if isinstance(value, list):
                        value = [self.to_sandbox(target, v) for v in value]
                    else:
                        value = self.to_sandbox(target, value)
                out.append([name, op, value])
            else:
                out.append(term)
        return out

    def tr_context(self, context: dict[str, Any]) -> dict[str, Any]:
        out = dict(context)
        for key in CONTEXT_PICKINGS:
            if key in out:
                out[key] = [self.to_sandbox("stock.picking", i) for i in out[key]]
        if "default_pick_ids" in out:
            out["default_pick_ids"] = self.tr_commands("stock.picking", out["default_pick_ids"])
        return out

    def tr_call(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None) -> tuple[list[Any], dict[str, Any] | None]:
        args = list(args)
        if method == "create" and args:
            args[0] = [self.tr_vals(model, v) for v in args[0]] if isinstance(args[0], list) else self.tr_vals(model, args[0])
        elif method in ("search", "search_read", "search_count", "read_group") and args:
            args[0] = self.tr_domain(model, args[0])
        elif method not in MODEL_LEVEL and args and isinstance(args[0], list):
            args[0] = [self.to_sandbox(model, i) for i in args[0]]
            if method == "write" and len(args) > 1:
                args[1] = self.tr_vals(model, args[1])
        if kwargs is not None:
            kwargs = dict(kwargs)
            if "context" in kwargs:
                kwargs["context"] = self.tr_context(kwargs["context"])
            if "domain" in kwargs:
                kwargs["domain"] = self.tr_domain(model, kwargs["domain"])
        return args, kwargs

    # -- sending ----------------------------------------------------------------------------
    def send(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Send one recorded request (rewritten) and return ``{response|fault|error}`` like the record."""
        request = entry["request"]
        path = "/" + request["url"].split("/", 3)[3]
        if entry["protocol"] == "xmlrpc":
            params = list(request["params"])
            if request["method"] == "execute_kw" and len(params) >= 6:
                args, kwargs = self.tr_call(params[3], params[4], params[5], params[6] if len(params) > 6 else None)
                params = params[:5] + [args] + ([kwargs] if kwargs is not None else [])
            proxy = xmlrpc.client.ServerProxy(self.url + path, allow_none=True)
            try:
                return {"response": getattr(proxy, request["method"])(*params)}
            except xmlrpc.client.Fault as fault:
                return {"fault": {"faultCode": fault.faultCode, "faultString": fault.faultString}}
        body = json.loads(json.dumps(request["body"]))
        args = body.get("params", {}).get("args")
        if body["params"].get("service") == "object" and isinstance(args, list) and len(args) >= 6:
            new_args, kwargs = self.tr_call(args[3], args[4], args[5], args[6] if len(args) > 6 else None)
            body["params"]["args"] = args[:5] + [new_args] + ([kwargs] if kwargs is not None else [])
        answer = httpx.post(self.url + path, json=body, timeout=30).json()
        return {"error": answer} if "error" in answer else {"response": answer}

    # -- comparison -------------------------------------------------------------------------
    def cmp_str(self, rec: str, act: Any, where: str) -> None:
        if not isinstance(act, str):
            raise Mismatch(f"{where}: expected a string {rec!r}, got {act!r}")
        if rec == act:
            return
        if DATETIME.match(rec) and DATETIME.match(act) and len(rec) == len(act) and rec not in self.sent_strings:
            return  # a timestamp the server generated at run time
        rec_tokens, act_tokens = list(TOKEN.finditer(rec)), list(TOKEN.finditer(act))
        if TOKEN.sub("\0", rec) != TOKEN.sub("\0", act) or len(rec_tokens) != len(act_tokens):
            raise Mismatch(f"{where}: expected {rec!r}, got {act!r}")
        for r, a in zip(rec_tokens, act_tokens, strict=True):
            if r.group(1):
                self.learn_name(r.group(1), a.group(1) or "", where)
                continue
            if r.group(2) != a.group(2):
                raise Mismatch(f"{where}: expected a {r.group(2)} recordset, got {a.group(0)!r}")
            rids = [int(x) for x in r.group(3).split(", ")]
            aids = [int(x) for x in a.group(3).split(", ")]
            if len(rids) != len(aids):
                raise Mismatch(f"{where}: expected {r.group(0)!r}, got {a.group(0)!r}")
            for ri, ai in zip(rids, aids, strict=True):
                self.learn(r.group(2), ri, ai, where)

    def cmp_value(self, rec: Any, act: Any, where: str) -> None:
        if isinstance(rec, bool) or rec is None:
            if rec != act or type(act) is not type(rec):
                raise Mismatch(f"{where}: expected {rec!r}, got {act!r}")
        elif isinstance(rec, (int, float)):
            if isinstance(act, bool) or not isinstance(act, (int, float)) or abs(rec - act) > 1e-6 * max(1.0, abs(rec)):
                raise Mismatch(f"{where}: expected {rec!r}, got {act!r}")
        elif isinstance(rec, str):
            self.cmp_str(rec, act, where)
        elif isinstance(rec, list):
            if not isinstance(act, list) or len(rec) != len(act):
                raise Mismatch(f"{where}: expected {rec!r}, got {act!r}")
            for i, (r, a) in enumerate(zip(rec, act, strict=True)):
                self.cmp_value(r, a, f"{where}[{i}]")
        elif isinstance(rec, dict):
            if not isinstance(act, dict) or set(rec) != set(act):
                raise Mismatch(f"{where}: keys {sorted(rec)} expected, got {sorted(act) if isinstance(act, dict) else act!r}")
            for key in rec:
                self.cmp_value(rec[key], act[key], f"{where}.{key}")
        else:
            raise Mismatch(f"{where}: cannot compare {rec!r}")

    def cmp_ids(self, model: str, rec: Any, act: Any, where: str) -> None:
        if not isinstance(rec, list) or not isinstance(act, list) or len(rec) != len(act):
            raise Mismatch(f"{where}: expected {model} ids {rec!r}, got {act!r}")
        for i, (r, a) in enumerate(zip(rec, act, strict=True)):
            self.learn(model, r, a, f"{where}[{i}]")

    def cmp_record(self, model: str, rec: dict[str, Any], act: Any, where: str) -> None:
        if not isinstance(act, dict) or set(rec) != set(act):
            raise Mismatch(f"{where}: fields {sorted(rec)} expected, got {sorted(act) if isinstance(act, dict) else act!r}")
        fields = fields_of(model)
        for key, value in rec.items():
            here = f"{where}.{key}"
            f = fields.get(key)
            if key == "id":
                self.learn(model, value, act[key], here)
            elif f is not None and f.type == "many2one" and value is not False:
                if not isinstance(act[key], list) or len(act[key]) != 2:
                    raise Mismatch(f"{here}: expected a many2one pair {value!r}, got {act[key]!r}")
                self.learn(f.relation or "", value[0], act[key][0], here)
                self.cmp_str(value[1], act[key][1], here)
            elif f is not None and f.type in ("one2many", "many2many"):
                self.cmp_ids(f.relation or "", value, act[key], here)
            elif f is not None and f.type == "many2one_reference" and f.model_field in rec and value:
                self.learn(rec[f.model_field], value, act[key], here)
            else:
                self.cmp_value(value, act[key], here)

    def cmp_result(self, model: str, method: str, rec: Any, act: Any, where: str) -> None:
        """Compare a successful result, knowing what the method returns."""
        if method in ("read", "search_read"):
            if not isinstance(act, list) or len(rec) != len(act):
                raise Mismatch(f"{where}: expected {len(rec)} records, got {act!r}")
            for i, (r, a) in enumerate(zip(rec, act, strict=True)):
                self.cmp_record(model, r, a, f"{where}[{i}]")
        elif method == "create":
            if isinstance(rec, list):
                self.cmp_ids(model, rec, act, where)
            else:
                self.learn(model, rec, act, where)
        elif method == "search":
            self.cmp_ids(model, rec, act, where)
        elif method == "message_post":
            self.learn("mail.message", rec, act, where)
        elif isinstance(rec, dict) and rec.get("type") == "ir.actions.act_window" and isinstance(act, dict):
            ctx_rec, ctx_act = rec.get("context", {}), act.get("context", {})
            self.cmp_value({k: v for k, v in rec.items() if k != "context"},
                           {k: v for k, v in act.items() if k != "context"}, where)
            if set(ctx_rec) != set(ctx_act):
                raise Mismatch(f"{where}.context: keys {sorted(ctx_rec)} expected, got {sorted(ctx_act)}")
            for key, value in ctx_rec.items():
                if key == "button_validate_picking_ids":
                    self.cmp_ids("stock.picking", value, ctx_act[key], f"{where}.context.{key}")
                elif key == "default_pick_ids":
                    if len(value) != len(ctx_act[key]):
                        raise Mismatch(f"{where}.context.{key}: expected {value!r}, got {ctx_act[key]!r}")
                    for r, a in zip(value, ctx_act[key], strict=True):
                        self.cmp_value(r[0], a[0], f"{where}.context.{key}")
                        self.learn("stock.picking", r[1], a[1], f"{where}.context.{key}")
                else:
                    self.cmp_value(value, ctx_act[key], f"{where}.context.{key}")
        else:
            self.cmp_value(rec, act, where)

    @staticmethod
    def last_line(text: str) -> str:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def cmp_fault(self, rec: dict[str, Any], act: dict[str, Any] | None, where: str, *, message: bool = True) -> None:
        if act is None:
            raise Mismatch(f"{where}: expected fault {rec!r}, got a result")
        self.cmp_value(rec["faultCode"], act["faultCode"], f"{where}.faultCode")
        if not message:
            return
        r, a = rec["faultString"], act["faultString"]
        if "Traceback" in r or r.startswith("[... traceback"):
            self.cmp_str(self.last_line(r), self.last_line(a), f"{where}.faultString (last line)")
        else:
            self.cmp_str(r, a, f"{where}.faultString")

    def cmp_error(self, rec: dict[str, Any], act: dict[str, Any] | None, where: str, *, message: bool = True) -> None:
        if act is None or "error" not in act:
            raise Mismatch(f"{where}: expected JSON-RPC error {rec['error']!r}, got {act!r}")
        r, a = rec["error"], act["error"]
        self.cmp_value(rec["id"], act["id"], f"{where}.id")
        self.cmp_value(r["code"], a["code"], f"{where}.code")
        self.cmp_value(r["message"], a["message"], f"{where}.message")
        rd, ad = r["data"], a["data"]
        if set(rd) != set(ad):
            raise Mismatch(f"{where}.data: keys {sorted(rd)} expected, got {sorted(ad)}")
        self.cmp_value(rd["name"], ad["name"], f"{where}.data.name")
        if message:
            self.cmp_value(rd["message"], ad["message"], f"{where}.data.message")
            self.cmp_value(rd["arguments"], ad["arguments"], f"{where}.data.arguments")
            self.cmp_str(self.last_line(rd["debug"]), self.last_line(ad["debug"]), f"{where}.data.debug (last line)")
        self.cmp_value(rd["context"], ad["context"], f"{where}.data.context")
