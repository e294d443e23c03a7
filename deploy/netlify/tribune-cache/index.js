// A Netlify build plugin that keeps tribune's cache between builds: the
// share cards and resized images of .tribune/cache, and the key that signs
// them, in the user's cache folder (Go's os.UserCacheDir on Linux:
// $XDG_CACHE_HOME, else ~/.cache). Without it every Netlify build is a
// first build and draws every statement's share card again.
//
// Declared in netlify.toml: [[plugins]] package = "./deploy/netlify/tribune-cache".
// Netlify restores the folders before the build command and saves them
// after a build that succeeded (@netlify/cache-utils).
"use strict";

const os = require("os");
const path = require("path");

// The folders kept: the site's cache, and tribune's folder in the user's
// cache folder, where its key is.
function folders(env = process.env) {
	const userCache = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
	return [".tribune/cache", path.join(userCache, "tribune")];
}

module.exports = {
	async onPreBuild({ utils }) {
		for (const f of folders()) {
			await utils.cache.restore(f);
		}
	},
	async onPostBuild({ utils }) {
		for (const f of folders()) {
			await utils.cache.save(f);
		}
	},
	folders,
};
