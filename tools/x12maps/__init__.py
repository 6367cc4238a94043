"""Compact specification of the gateway's X12 maps and the generator that writes them as pyx12 XML."""
