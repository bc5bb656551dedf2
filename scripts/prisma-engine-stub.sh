#!/bin/sh
# Stands in for Prisma's schema-engine binary, which cannot be downloaded here; generate/validate/format do not need it.
exit 1
