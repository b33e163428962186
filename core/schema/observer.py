"""Records each GraphQL operation's name and type on the request being observed."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from core.observation import OPERATION_HEADER, current_observation, describe_operation


class OperationObserver(SchemaExtension):
    """Records the name and type of each GraphQL operation on the current request."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            self._record()

    def _record(self) -> None:
        observation = current_observation()
        if observation is None:
            return
        name, operation_type = describe_operation(self.execution_context)
        observation.operation = name
        observation.operation_type = operation_type
        response = getattr(self.execution_context.context, "response", None)
        if isinstance(response, Response):
            response.headers[OPERATION_HEADER] = f"{operation_type} {name}"
