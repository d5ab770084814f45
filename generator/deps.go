package main

import (
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/gohugoio/hugo/hugolib"
	_ "github.com/yuin/goldmark"
	_ "gopkg.in/yaml.v3"
)
