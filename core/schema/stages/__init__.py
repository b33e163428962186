"""The stages' own records: skills test sittings, and the conditions of stage (iii)
(host companies' excellence, IM Japan's licences, interns' home stays)."""
