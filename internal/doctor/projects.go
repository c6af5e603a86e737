package doctor

import (
	"errors"
	"os"

	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/store"
)

// checkDirs checks the directories Claude works in: every configured project, every /add-project mapping found in
// the store, and every /add-project root.
func checkDirs(r *Report, cfg *config.Config, added []store.ChannelProject) {
	for _, p := range cfg.Projects {
		checkProjectDir(r, "project "+p.Name, p.Dir, "")
	}
	for _, p := range added {
		checkProjectDir(r, "project "+p.Name, p.Dir, " (added by /add-project for channel "+p.ChannelID+")")
	}
	for _, root := range cfg.DynamicProjects.Roots {
		switch err := statDir(root); {
		case err != nil:
			r.add("add-project root", StatusFail, "%s", dirProblem(root, err))
		case !canList(root):
			r.add("add-project root", StatusFail, "%s is not readable: /add-project cannot look into it", root)
		default:
			r.add("add-project root", StatusOK, "%s", root)
		}
	}
}

// checkProjectDir checks one project directory: it must be a directory Claude can list; a read-only one is a warning.
func checkProjectDir(r *Report, name, dir, note string) {
	switch err := statDir(dir); {
	case err != nil:
		r.add(name, StatusFail, "%s%s", dirProblem(dir, err), note)
	case !canList(dir):
		r.add(name, StatusFail, "%s is not readable: Claude cannot work in it%s", dir, note)
	case !canWrite(dir):
		r.add(name, StatusWarn, "%s is read-only: Claude can read it but not change it%s", dir, note)
	default:
		r.add(name, StatusOK, "%s%s", dir, note)
	}
}

// dirProblem says what is wrong with a directory that statDir refused.
func dirProblem(dir string, err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return dir + " does not exist"
	case errors.Is(err, errNotDir):
		return dir + " is not a directory"
	}
	return err.Error()
}
