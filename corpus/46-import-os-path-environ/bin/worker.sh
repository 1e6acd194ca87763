#!/bin/sh
echo worker "$@"
