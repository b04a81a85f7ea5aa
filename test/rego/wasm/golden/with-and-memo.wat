;; with and memo
(func $__gpc_init (local i32×1)
  i32.const 1104
  call $rt_reserve
  drop
  i32.const 1044
  i32.const 0
  i32.const 57
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1075
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1044
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1078
  i32.const 5
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1044
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 0
  i32.const 1083
  i32.const 1
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1044
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1040
  i32.const 1084
  i32.const 17
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1044
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 1
  call $rt_memo_reset
  drop
  block
    block
      block
        local.get 0
        br_table 0 1 2
      end
      local.get 1
      local.get 2
      call $t.f
      return
    end
    local.get 1
    local.get 2
    call $t.g
    return
  end
  i32.const 0
)
(func $t.g (param i32 i32) (result i32) (local i32×3)
  block
    i32.const 0
    call $rt_memo_get
    local.set 3
    block
      local.get 3
      i32.eqz
      br_if 0
      local.get 3
      local.set 2
      br 1
    end
    block
      local.get 0
      i32.const 0
      i32.load offset=1032
      call $rt_dot
      local.tee 4
      i32.eqz
      br_if 0
      local.get 4
      local.set 2
    end
    i32.const 0
    local.get 2
    call $rt_memo_set
    drop
  end
  local.get 2
)
(func $t.f (param i32 i32) (result i32) (local i32×5)
  block
    local.get 0
    local.get 1
    call $t.g
    local.tee 3
    i32.eqz
    br_if 0
    local.get 0
    i32.const 0
    i32.load offset=1036
    i32.const 0
    i32.load offset=1040
    call $rt_upsert
    local.tee 6
    i32.eqz
    br_if 0
    local.get 6
    local.get 1
    call $t.g
    local.tee 4
    i32.eqz
    br_if 0
    call $rt_with_enter
    drop
    block
      local.get 6
      local.get 1
      call $t.g
      local.tee 5
      i32.eqz
      br_if 0
    end
    call $rt_with_exit
    drop
    call $rt_make_array
    local.set 2
    local.get 2
    local.get 3
    call $rt_array_append
    i32.eqz
    br_if 0
    local.get 2
    local.get 4
    call $rt_array_append
    i32.eqz
    br_if 0
    local.get 2
    local.get 5
    call $rt_array_append
    i32.eqz
    br_if 0
  end
  local.get 2
)
