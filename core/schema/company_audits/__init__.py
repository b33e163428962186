"""IM Japan's audits (監査) and guidance visits (訪問指導) of host companies, and what is
due: not the service's own audit log (``core.schema.audit``)."""
