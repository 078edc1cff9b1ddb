from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, models
from odoo.exceptions import UserError

# Models whose action fields the running server code may write. A context variable of the
# worker, not a key of the Odoo context: an RPC caller chooses the Odoo context, it never
# reaches this (V2.1 1.6, V3 2.2: records change only through their controlled steps).
_ACTION_WRITE = ContextVar("asi_action_write", default=frozenset())


class AsiActionFieldsMixin(models.AbstractModel):
    """Fields that only the record's actions write: its state and what the decision records
    (who closed, approved, when). ``write`` and ``create`` refuse them, for everyone and
    with any context, as a JSON-RPC ``write`` would send them; the actions write them through
    :meth:`_asi_action_write`, a private method RPC cannot call. The model of Odoo's
    ``account`` lock dates: the action checks, the write path cannot skip them."""

    _name = "asi.action.fields.mixin"
    _description = "ASI: fields written by actions only"

    # Names of the fields only the actions write.
    _asi_action_fields = ()

    def _asi_action_names(self):
        """The actions that write the protected fields, for the error message."""
        return ""

    @contextmanager
    def _asi_action_context(self):
        token = _ACTION_WRITE.set(_ACTION_WRITE.get() | {self._name})
        try:
            yield
        finally:
            _ACTION_WRITE.reset(token)

    def _asi_action_write(self, vals):
        """Write ``vals``, action fields included: for the model's actions only."""
        with self._asi_action_context():
            return self.write(vals)

    def _asi_raise_action_fields(self, fnames, record_name):
        labels = ", ".join(self._fields[f]._description_string(self.env) for f in fnames)
        raise UserError(
            self.env._(
                "%(fields)s of %(record)s change only through %(actions)s: they cannot be "
                "written directly.",
                fields=labels,
                record=record_name,
                actions=self._asi_action_names(),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self._name not in _ACTION_WRITE.get():
            defaults = self.default_get(list(self._asi_action_fields))
            for vals in vals_list:
                # A new record starts as the default (draft, open): the actions move it on.
                changed = [
                    f
                    for f in self._asi_action_fields
                    if f in vals and (vals[f] or False) != (defaults.get(f) or False)
                ]
                if changed:
                    self._asi_raise_action_fields(changed, vals.get("name") or self._description)
        return super().create(vals_list)

    def write(self, vals):
        changed = [f for f in self._asi_action_fields if f in vals]
        if changed and self._name not in _ACTION_WRITE.get():
            self._asi_raise_action_fields(changed, ", ".join(self.mapped("display_name")))
        return super().write(vals)
