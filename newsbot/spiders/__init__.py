"""Spiders: navigation only; extraction lives in `newsbot.pages`."""
