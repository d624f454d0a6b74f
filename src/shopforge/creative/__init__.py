"""The creative factory: cut-outs, platform main images, scenes, posters and enhancement — one pipeline per file.

Every pipeline keeps the product's pixels: inside the product mask the output equals the source after the same
resize with the same resampling.
"""
