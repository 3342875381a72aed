"""Reading an HTTP reply body as its bytes arrive, so a caller can stop at a size cap or a
deadline even when a server drips one byte at a time."""

from __future__ import annotations

from collections.abc import Iterator

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError


def arriving_chunks(response: requests.Response, size: int = 16 * 1024) -> Iterator[bytes]:
    """The streamed body (`stream=True`) in pieces of at most `size` bytes, each as soon as it
    arrives. requests' `iter_content` waits to fill each piece, which a server sending a byte per
    read timeout can stretch for hours. urllib3's errors come out as requests' own, as there."""
    try:
        while chunk := response.raw.read1(size, decode_content=True):
            yield chunk
    except ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
